import { SpanStatusCode, type Attributes, type Link, type Span } from '@opentelemetry/api';
import { ActionType, ATTR_RUM_ACTION_NAME, ATTR_RUM_ACTION_TYPE, ATTR_RUM_SESSION_ID, ATTR_URL_FULL, EventType } from '@otel-rum/semconv';
import { toHrTime } from '../core/clock.js';
import { nativeClearTimeout, nativeSetTimeout } from '../core/timers.js';
import type { OpenAction, RumCore } from '../core/types.js';
import { discardedSpans } from '../transport/index.js';

/** Requests an interaction starts this soon after it (awaits in `async` handlers included) are its own. */
export const INTERACTION_WINDOW_MS = 100;
/** A request's end keeps its action open this long, so a request chained on it still joins. */
export const REQUEST_LINGER_MS = 200;
/** Timers scheduled inside an action with at most this delay keep it open; their requests join it. */
export const MAX_TRACKED_TIMER_MS = 1000;
/** No action stays open longer than this, whatever keeps it busy. */
export const MAX_ACTION_MS = 30_000;

/**
 * An open action. Its span starts when something first reads `span` — for an interaction, its
 * first request (through `RumCore.currentAction`) or the moment it counts — with what was known
 * when the action opened: start time, name, attributes, page URL and session. An interaction that
 * triggers no request (most clicks) never starts one.
 */
export class TrackedAction implements OpenAction {
  /** Open requests and timers that will close the action when they finish. */
  pending = 0;
  /** Whether it counts as a user action yet (an interaction counts once it triggered a request). */
  counted = false;
  /** Performance time of the last thing that happened inside: where the span ends. */
  lastActivityAt: number;
  /** Performance time before which the action stays open even when idle. */
  quietUntil: number;
  ended = false;
  settleTimer?: ReturnType<typeof setTimeout>;
  capTimer?: ReturnType<typeof setTimeout>;
  private started?: Span;
  /** An error happened inside before the span started: it starts with status ERROR. */
  private failed = false;

  constructor(
    readonly type: ActionType,
    /** Closes by itself once idle; a load action waits for the load event, a custom action for `end()`. */
    public autoEnd: boolean,
    /** Performance time the action opened at: its 30 s cap counts from here. */
    readonly openedAt: number,
    startTime: number,
    private readonly startSpan: () => Span,
  ) {
    this.lastActivityAt = startTime;
    this.quietUntil = openedAt + INTERACTION_WINDOW_MS;
  }

  get span(): Span {
    if (!this.started) {
      this.started = this.startSpan();
      if (this.failed) this.started.setStatus({ code: SpanStatusCode.ERROR });
    }
    return this.started;
  }

  get hasSpan(): boolean {
    return this.started !== undefined;
  }

  /** Marks the action ERROR, now or when its span starts. */
  fail(): void {
    if (this.started) this.started.setStatus({ code: SpanStatusCode.ERROR });
    else this.failed = true;
  }
}

export interface OpenActionOptions {
  type: ActionType;
  name: string;
  attributes?: Attributes;
  startTime?: number;
  trigger?: Event;
  counted: boolean;
  autoEnd: boolean;
  parent?: Span | null;
  links?: Link[];
}

/**
 * Follows user actions without zone.js. An action is "current" from when it opens until it closes;
 * requests started meanwhile become its children (the core parents every span to the current
 * action). What keeps an action open: its requests (each one's end keeps it open a little longer,
 * so chained requests join), short timers scheduled inside it (so `setTimeout(() => fetch())`
 * joins), and a short window after the interaction (so the first `await` in an async handler does
 * not lose the request after it). Every click opens a candidate, and most trigger no request, so a
 * candidate is cheap: no span until one is needed (see `TrackedAction`), no cap timer until it counts
 * or waits for something.
 */
export class ActionTracker {
  /** Open actions, oldest first: the last one is current. The core reads this list too. */
  private readonly openActions: TrackedAction[] = [];
  private readonly requests = new WeakMap<Span, TrackedAction>();
  /** Set while a tracked timer's callback runs: timers it schedules are not tracked, or polling loops would never end. */
  private runningTrackedTimer = false;
  private readonly unsubscribers: (() => void)[];

  constructor(private readonly core: RumCore) {
    core.followActions(this.openActions);
    const { signals } = core;
    this.unsubscribers = [
      signals.on('request-start', ({ span }) => this.requestStarted(span)),
      signals.on('request-end', ({ span }) => this.requestEnded(span)),
      signals.on('error', () => this.current()?.fail()),
      // What is still open when the page goes away ends now, or it would never be sent.
      signals.on('page-hide', () => this.finishAll()),
    ];
  }

  /** The action open right now, candidates included. */
  current(): TrackedAction | undefined {
    return this.openActions[this.openActions.length - 1];
  }

  open(options: OpenActionOptions): TrackedAction {
    const now = performance.now();
    const startTime = options.startTime ?? now;
    // What the span records is read now; the span itself starts when first needed (see TrackedAction).
    const sessionId = this.core.sessionId();
    const pageUrl = location.href;
    const startSpan = (): Span =>
      this.core.startSpan(EventType.USER_ACTION, options.name, {
        startTime,
        parent: options.parent ?? null,
        ...(options.links ? { links: options.links } : {}),
        attributes: {
          [ATTR_RUM_SESSION_ID]: sessionId,
          // The core records the page URL of the moment the span starts, which may have moved on.
          ...(location.href === pageUrl ? {} : { [ATTR_URL_FULL]: this.core.sanitizeUrl(pageUrl) }),
          [ATTR_RUM_ACTION_TYPE]: options.type,
          [ATTR_RUM_ACTION_NAME]: options.name,
          ...options.attributes,
        },
      });
    const action = new TrackedAction(options.type, options.autoEnd, now, startTime, startSpan);
    this.openActions.push(action);
    this.core.signals.emit('action-start', { action, ...(options.trigger ? { trigger: options.trigger } : {}) });
    if (options.counted) this.count(action);
    if (action.autoEnd) this.scheduleSettle(action);
    return action;
  }

  /** Lets an action that waited for something (the load event) close once idle. */
  release(action: TrackedAction, at: number): void {
    action.autoEnd = true;
    action.lastActivityAt = Math.max(action.lastActivityAt, at);
    action.quietUntil = Math.max(action.quietUntil, performance.now() + INTERACTION_WINDOW_MS);
    this.scheduleSettle(action);
  }

  /** Ends the action now; an interaction that triggered no request is not sent (but its signals were). */
  finish(action: TrackedAction, endTime = action.lastActivityAt): void {
    if (action.ended) return;
    action.ended = true;
    nativeClearTimeout(action.settleTimer);
    nativeClearTimeout(action.capTimer);
    this.openActions.splice(this.openActions.lastIndexOf(action), 1);
    if (action.hasSpan) {
      if (!action.counted) discardedSpans.add(action.span);
      action.span.end(toHrTime(endTime));
    }
    this.core.signals.emit('action-end', { action });
  }

  /** Keeps `action` open until the timer's callback has run (through `run`) or the timer is cancelled. */
  trackTimer(action: TrackedAction, callback: () => void): { run: () => void; cancel: () => void } {
    action.pending++;
    this.capLifetime(action);
    let settled = false;
    const cancel = (): void => {
      if (settled) return;
      settled = true;
      action.pending--;
      this.touch(action, INTERACTION_WINDOW_MS);
    };
    const run = (): void => {
      this.runningTrackedTimer = true;
      try {
        callback();
      } finally {
        this.runningTrackedTimer = false;
        cancel();
      }
    };
    return { run, cancel };
  }

  /** Whether a timer scheduled right now should keep the current action open. */
  timerTarget(delayMs: number): TrackedAction | undefined {
    if (this.runningTrackedTimer || delayMs > MAX_TRACKED_TIMER_MS) return undefined;
    const action = this.current();
    return action && action.type !== ActionType.CUSTOM ? action : undefined;
  }

  stop(): void {
    for (const unsubscribe of this.unsubscribers) unsubscribe();
    this.finishAll();
    this.core.followActions([]);
  }

  private finishAll(): void {
    const now = performance.now();
    for (const action of [...this.openActions]) this.finish(action, Math.max(action.lastActivityAt, now));
  }

  private count(action: TrackedAction): void {
    if (action.counted) return;
    action.counted = true;
    this.capLifetime(action);
    this.core.signals.emit('user-action', { span: action.span, type: action.type });
  }

  /**
   * Ends the action `MAX_ACTION_MS` after it opened, whatever keeps it busy. Armed only once that
   * can matter — the action counts, or something it waits for may never finish: an idle
   * candidate closes on its own after the interaction window, and most never get this far.
   */
  private capLifetime(action: TrackedAction): void {
    if (action.capTimer !== undefined || action.ended) return;
    action.capTimer = nativeSetTimeout(() => this.finish(action, performance.now()), Math.max(0, action.openedAt + MAX_ACTION_MS - performance.now()));
  }

  private requestStarted(requestSpan: Span): void {
    const action = this.current();
    if (!action) return;
    this.requests.set(requestSpan, action);
    action.pending++;
    this.count(action);
  }

  private requestEnded(requestSpan: Span): void {
    const action = this.requests.get(requestSpan);
    if (!action) return;
    this.requests.delete(requestSpan);
    action.pending--;
    this.touch(action, REQUEST_LINGER_MS);
  }

  private touch(action: TrackedAction, quietMs: number): void {
    const now = performance.now();
    action.lastActivityAt = Math.max(action.lastActivityAt, now);
    action.quietUntil = Math.max(action.quietUntil, now + quietMs);
    this.scheduleSettle(action);
  }

  private scheduleSettle(action: TrackedAction): void {
    if (action.ended || !action.autoEnd) return;
    nativeClearTimeout(action.settleTimer);
    action.settleTimer = nativeSetTimeout(() => {
      if (action.pending > 0) return;
      if (performance.now() < action.quietUntil) this.scheduleSettle(action);
      else this.finish(action);
    }, Math.max(0, action.quietUntil - performance.now()));
  }
}
