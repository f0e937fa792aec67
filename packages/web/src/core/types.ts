import type { Attributes, Link, Span, SpanContext, TimeInput, Tracer } from '@opentelemetry/api';
import type { ActionType, ErrorType, EventType, SessionEndReason } from '@otel-rum/semconv';
import type { ResolvedOptions } from './options.js';

/**
 * What the core tells the instrumentations. Producers and consumers never import each other: the
 * requests folder emits `request-start`, the frustration folder listens for it, and neither knows
 * the other exists.
 */
export interface RumSignals {
  'request-start': { url: string; method: string };
  'request-end': { url: string; method: string; status: number };
  navigation: { url: string; previousUrl: string };
  'action-start': { span: Span; type: ActionType; trigger?: Event };
  'action-end': { span: Span; type: ActionType };
  error: { spanContext: SpanContext; errorType: ErrorType };
  'session-start': { sessionId: string; previousId?: string };
  'session-end': { sessionId: string; reason: SessionEndReason };
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
  /** Starts a RUM span of `eventType` with the attributes every RUM span carries (SPEC §2). */
  startSpan(eventType: EventType, name: string, options?: RumSpanOptions): Span;
  /** Records a zero-length RUM span and returns it, ended. */
  recordEvent(eventType: EventType, name: string, options?: RumSpanOptions): Span;
  /** The user action open right now, if any: errors and requests nest in it. */
  currentAction(): Span | undefined;
  /** A URL as it may be recorded: query and fragment dropped unless allow-listed (SPEC §7). */
  sanitizeUrl(url: string): string;
  describeElement(element: Element): ElementDescription;
}

/** One signal's instrumentation: installed at init, removed at shutdown. */
export interface Instrumentation {
  readonly name: string;
  install(core: RumCore): () => void;
}
