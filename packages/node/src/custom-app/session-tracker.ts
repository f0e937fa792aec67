import { generateSessionId, SessionEndReason, type SessionLimits } from '@otel-rum/semconv';

export interface SessionLifecycle {
  started(sessionId: string, previousId: string | undefined, timeMs: number): void;
  ended(sessionId: string, reason: SessionEndReason, timeMs: number): void;
}

interface OpenSession {
  id: string;
  startMs: number;
  lastActivityMs: number;
  actions: number;
  /** Actions started and not yet ended: the user is busy, the session is not idle. */
  openActions: number;
}

/**
 * The session rules of SPEC §3 for one process: a session ends after `inactivityTimeoutMs`
 * without a user action (an action still open counts as activity), `maxDurationMs` after it started, when the action after `maxActions`
 * starts, or through the API. The next activity after an end opens a new session that names the
 * previous one.
 */
export class SessionTracker {
  private session: OpenSession | undefined;
  private previousId: string | undefined;
  private expiryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly limits: SessionLimits,
    private readonly lifecycle: SessionLifecycle,
    private readonly now: () => number = Date.now,
  ) {}

  /** The id of the open session, opening one if the last has ended. */
  currentId(): string {
    return this.open().id;
  }

  /** Counts a user action starting now and returns the session it belongs to. */
  startAction(): string {
    let session = this.open();
    if (session.actions >= this.limits.maxActions) {
      this.end(SessionEndReason.ACTION_LIMIT);
      session = this.open();
    }
    session.actions++;
    session.openActions++;
    session.lastActivityMs = this.now();
    this.scheduleExpiry();
    return session.id;
  }

  /** An action of `sessionId` ended: the inactivity clock starts again from now. */
  endAction(sessionId: string): void {
    const session = this.session;
    if (session?.id !== sessionId) return;
    session.openActions--;
    session.lastActivityMs = this.now();
    this.scheduleExpiry();
  }

  end(reason: SessionEndReason, timeMs = this.now()): void {
    const session = this.session;
    if (!session) return;
    clearTimeout(this.expiryTimer);
    this.session = undefined;
    this.previousId = session.id;
    this.lifecycle.ended(session.id, reason, timeMs);
  }

  /** Stops the expiry timer without ending the session (the process is going away). */
  dispose(): void {
    clearTimeout(this.expiryTimer);
  }

  private open(): OpenSession {
    this.expireIfDue();
    if (this.session) return this.session;
    const now = this.now();
    const session: OpenSession = { id: generateSessionId(), startMs: now, lastActivityMs: now, actions: 0, openActions: 0 };
    this.session = session;
    this.lifecycle.started(session.id, this.previousId, now);
    this.scheduleExpiry();
    return session;
  }

  /** Which limit ends the open session first, and when. */
  private nextExpiry(session: OpenSession): { reason: SessionEndReason; atMs: number } {
    const timeoutAt = session.openActions > 0 ? Infinity : session.lastActivityMs + this.limits.inactivityTimeoutMs;
    const durationAt = session.startMs + this.limits.maxDurationMs;
    return timeoutAt <= durationAt
      ? { reason: SessionEndReason.TIMEOUT, atMs: timeoutAt }
      : { reason: SessionEndReason.DURATION_LIMIT, atMs: durationAt };
  }

  // Timers run late (a laptop sleeps, the event loop is busy), so every activity checks too, and
  // the session ends at the moment its limit was reached rather than when the check ran.
  private expireIfDue(): void {
    if (!this.session) return;
    const expiry = this.nextExpiry(this.session);
    if (expiry.atMs <= this.now()) this.end(expiry.reason, expiry.atMs);
  }

  private scheduleExpiry(): void {
    clearTimeout(this.expiryTimer);
    if (!this.session) return;
    const delay = Math.max(0, this.nextExpiry(this.session).atMs - this.now());
    // Node caps timers at 2^31-1 ms; longer limits are caught by the next check.
    this.expiryTimer = setTimeout(() => {
      this.expireIfDue();
      // Early by a clock tick, or capped: look again later.
      if (this.session) this.scheduleExpiry();
    }, Math.min(delay, 2 ** 31 - 1));
    // A session limit never keeps the application alive.
    this.expiryTimer.unref();
  }
}
