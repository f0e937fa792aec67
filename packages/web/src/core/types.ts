import type { Attributes, Link, Span, SpanContext, SpanKind, TimeInput, Tracer } from '@opentelemetry/api';
import type { ActionType, ErrorType, EventType, SessionEndReason } from '@otel-rum/semconv';
import type { ResolvedOptions } from './options.js';

/**
 * What the core tells the instrumentations. Producers and consumers never import each other: the
 * requests folder emits `request-start`, the frustration folder listens for it, and neither knows
 * the other exists.
 */
export interface RumSignals {
  /** `span` is the request's own span; `url` is the raw URL (sanitize before recording it). */
  'request-start': { url: string; method: string; span: Span };
  /** `status` is 0 when the request failed at the network level (or was aborted). */
  'request-end': { url: string; method: string; status: number; span: Span };
  /** An SPA navigation (history API, back/forward, hash change), not the initial load; raw URLs. */
  navigation: { url: string; previousUrl: string };
  /** An action opened; `trigger` is the event of an interaction (click, submit, Enter). */
  'action-start': { action: OpenAction; trigger?: Event };
  'action-end': { action: OpenAction };
  /**
   * A user action that counts (SPEC §3: it keeps the session alive and counts towards its action
   * limit). An interaction counts once it has triggered a request; load, route_change and custom
   * actions count when they start.
   */
  'user-action': { span: Span; type: ActionType };
  error: { spanContext: SpanContext; errorType: ErrorType };
  'session-start': { sessionId: string; previousId?: string };
  'session-end': { sessionId: string; reason: SessionEndReason };
  /** The page is being left (`pagehide`): end what is open now; the transport flushes right after. */
  'page-hide': { persisted: boolean };
}

/** A user action while it is open, as the action tracker hands it out. */
export interface OpenAction {
  readonly type: ActionType;
  /** Whether it counts as a user action yet: an interaction counts once it has triggered a request. */
  readonly counted: boolean;
  /**
   * Its span. An interaction's span starts when something first reads it — its first request,
   * mostly — with the interaction's time, attributes and session, so the many interactions that
   * trigger no request cost no span. Read it only when you need the span.
   */
  readonly span: Span;
}

export type SignalListener<K extends keyof RumSignals> = (payload: RumSignals[K]) => void;

export interface SignalBus {
  /** Subscribes; returns the unsubscribe function. */
  on<K extends keyof RumSignals>(signal: K, listener: SignalListener<K>): () => void;
  emit<K extends keyof RumSignals>(signal: K, payload: RumSignals[K]): void;
}

export interface RumSpanOptions {
  attributes?: Attributes;
  startTime?: TimeInput;
  /** The parent span; by default the open user action, if any. `null` starts a new trace. */
  parent?: Span | null;
  links?: Link[];
  kind?: SpanKind;
}

/** The element a user interacted with, described without recording anything the user typed. */
export interface ElementDescription {
  /** `click on "Add to cart"`-style readable name, ≤ 100 characters; `data-rum-name` wins. */
  name: string;
  /** A short, stable CSS selector. */
  target: string;
}

/** The small core every instrumentation gets: the tracer, the session, and the signal bus. */
export interface RumCore {
  readonly options: ResolvedOptions;
  readonly tracer: Tracer;
  readonly signals: SignalBus;
  /** The current session id (a new session starts when the previous one has ended). */
  sessionId(): string;
  /**
   * The session going on now, or undefined when it has ended or expired. Measurements the user did
   * not cause (web vitals reported as the page hides) use it: they must not start a session.
   */
  activeSessionId(): string | undefined;
  /** Starts a RUM span of `eventType` with the attributes every RUM span carries (SPEC §2). */
  startSpan(eventType: EventType, name: string, options?: RumSpanOptions): Span;
  /** Records a zero-length RUM span and returns it, ended. */
  recordEvent(eventType: EventType, name: string, options?: RumSpanOptions): Span;
  /**
   * The user action open right now, if any: spans started meanwhile nest in it. With
   * `includeCandidates`, also an interaction not yet known to be an action (no request yet): only
   * what can make it one (its requests) may nest in it, since a candidate that stays one is never
   * exported and its children would point at a missing parent. Returning a candidate starts its span.
   */
  currentAction(options?: { includeCandidates?: boolean }): Span | undefined;
  /**
   * The actions instrumentation hands over its list of open actions (oldest first, kept up to date
   * by it); `currentAction` reads it. Without that instrumentation there is never a current action.
   */
  followActions(openActions: readonly OpenAction[]): void;
  /** A URL as it may be recorded: query and fragment dropped unless allow-listed (SPEC §7). */
  sanitizeUrl(url: string): string;
  describeElement(element: Element): ElementDescription;
  /** Lets an instrumentation implement API verbs (`identifyUser`, `reportError`…) that `initRum` returns. */
  provideApi(methods: Partial<InstrumentationApi>): void;
}

/** The API `initRum` returns (SPEC §8). */
export interface RumApi {
  identifyUser(tag: string): void;
  setSessionProperty(name: string, value: string | number | boolean): void;
  reportError(error: unknown): void;
  /** Opens a custom user action; requests started while it is open become its children. */
  enterAction(name: string): { end(): void };
  endSession(): void;
  getSessionId(): string;
  /** Sends what is queued and removes every listener and patch. */
  shutdown(): Promise<void>;
}

/** The verbs of the API that instrumentations implement (through `RumCore.provideApi`). */
export type InstrumentationApi = Pick<RumApi, 'identifyUser' | 'setSessionProperty' | 'reportError' | 'enterAction'>;

/** One signal's instrumentation: installed at init, removed at shutdown. */
export interface Instrumentation {
  readonly name: string;
  /** Checks this instrumentation's own options; throws (before anything is installed) when they are bad. */
  validate?(options: ResolvedOptions): void;
  install(core: RumCore): () => void;
}
