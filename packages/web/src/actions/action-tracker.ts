import { SpanStatusCode, type Attributes, type Link, type Span, type TimeInput } from '@opentelemetry/api';
import { ActionType, ATTR_RUM_ACTION_NAME, ATTR_RUM_ACTION_TYPE, EventType } from '@otel-rum/semconv';
import { toHrTime } from '../core/clock.js';
import { nativeClearTimeout, nativeSetTimeout } from '../core/timers.js';
import type { RumCore } from '../core/types.js';
import { discardedSpans } from '../transport/index.js';

/** Requests an interaction starts this soon after it (awaits in `async` handlers included) are its own. */
export const INTERACTION_WINDOW_MS = 100;
/** A request's end keeps its action open this long, so a request chained on it still joins. */
export const REQUEST_LINGER_MS = 200;
/** Timers scheduled inside an action with at most this delay keep it open; their requests join it. */
export const MAX_TRACKED_TIMER_MS = 1000;
/** No action stays open longer than this, whatever keeps it busy. */
export const MAX_ACTION_MS = 30_000;

export interface TrackedAction {
  readonly span: Span;
  readonly type: ActionType;
  /** Open requests and timers that will close the action when they finish. */
  pending: number;
  /** Whether it counts as a user action yet (an interaction counts once it triggered a request). */
  counted: boolean;
  /** Closes by itself once idle; a load action waits for the load event, a custom action for `end()`. */
  autoEnd: boolean;
  /** Performance time of the last thing that happened inside: where the span ends. */
  lastActivityAt: number;
  /** Performance time before which the action stays open even when idle. */
  quietUntil: number;
  ended: boolean;
  settleTimer?: ReturnType<typeof setTimeout>;
  capTimer?: ReturnType<typeof setTimeout>;
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
 * not lose the request after it).
 */
export class ActionTracker {
  private readonly actions = new Map<Span, TrackedAction>();
  private readonly requests = new WeakMap<Span, TrackedAction>();
  /** Set while a tracked timer's callback runs: timers it schedules are not tracked, or polling loops would never end. */
  private runningTrackedTimer = false;
  private readonly unsubscribers: (() => void)[];

  constructor(private readonly core: RumCore) {
    const { signals } = core;
    this.unsubscribers = [
      signals.on('request-start', ({ span }) => this.requestStarted(span)),
      signals.on('request-end', ({ span }) => this.requestEnded(span)),
      signals.on('error', () => this.current()?.span.setStatus({ code: SpanStatusCode.ERROR })),
      // What is still open when the page goes away ends now, or it would never be sent.
      signals.on('page-hide', () => this.finishAll()),
    ];
  }

  current(): TrackedAction | undefined {
    const span = this.core.currentAction({ includeCandidates: true });
    return span && this.actions.get(span);
  }

  open(options: OpenActionOptions): TrackedAction {
    const now = performance.now();
    const startTime: TimeInput = options.startTime ?? now;
    const span = this.core.startSpan(EventType.USER_ACTION, options.name, {
      startTime,
      parent: options.parent ?? null,
      ...(options.links ? { links: options.links } : {}),
      attributes: { [ATTR_RUM_ACTION_TYPE]: options.type, [ATTR_RUM_ACTION_NAME]: options.name, ...options.attributes },
    });
    const action: TrackedAction = {
      span,
      type: options.type,
      pending: 0,
      counted: false,
      autoEnd: options.autoEnd,
      lastActivityAt: options.startTime ?? now,
      quietUntil: now + INTERACTION_WINDOW_MS,
      ended: false,
    };
    this.actions.set(span, action);
    action.capTimer = nativeSetTimeout(() => this.finish(action, performance.now()), MAX_ACTION_MS);
    this.core.signals.emit('action-start', { span, type: options.type, ...(options.trigger ? { trigger: options.trigger } : {}) });
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
    this.actions.delete(action.span);
    if (!action.counted) discardedSpans.add(action.span);
    action.span.end(toHrTime(endTime));
    this.core.signals.emit('action-end', { span: action.span, type: action.type });
  }

  /** Keeps `action` open until the timer's callback has run (through `run`) or the timer is cancelled. */
  trackTimer(action: TrackedAction, callback: () => void): { run: () => void; cancel: () => void } {
    action.pending++;
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
  }

  private finishAll(): void {
    const now = performance.now();
    for (const action of [...this.actions.values()]) this.finish(action, Math.max(action.lastActivityAt, now));
  }

  private count(action: TrackedAction): void {
    if (action.counted) return;
    action.counted = true;
    this.core.signals.emit('user-action', { span: action.span, type: action.type });
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
