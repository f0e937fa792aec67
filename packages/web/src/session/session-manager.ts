import { generateSessionId, isValidSessionId, SessionEndReason, type SessionLimits } from '@otel-rum/semconv';
import { nativeClearTimeout, nativeSetTimeout } from '../core/timers.js';

/** What every tab of the browser shares about the session (in localStorage). */
interface SessionState {
  id: string;
  startedAt: number;
  lastActionAt: number;
  actionCount: number;
  /** Set when some tab ended the session; the next activity starts a new one. */
  endedBy?: SessionEndReason;
}

const STORAGE_KEY = 'otel-rum.session';
/** A session cookie (no expiry): the browser deletes it on close, which is how `browser_closed` is seen. */
const COOKIE_NAME = 'otel_rum_session';

export interface SessionListener {
  onStart(sessionId: string, previousId: string | undefined): void;
  onEnd(sessionId: string, reason: SessionEndReason): void;
}

function readStoredState(): SessionState | undefined {
  try {
    const parsed = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as Partial<SessionState> | null;
    if (parsed && isValidSessionId(parsed.id) && typeof parsed.startedAt === 'number' && typeof parsed.lastActionAt === 'number' && typeof parsed.actionCount === 'number') {
      return parsed as SessionState;
    }
  } catch {
    // Storage disabled or junk in it: the session lives in this page only.
  }
  return undefined;
}

function readCookie(): string | undefined {
  const match = document.cookie.match(new RegExp(`(?:^|; )${COOKIE_NAME}=([0-9a-f]{32})`));
  return match?.[1];
}

/**
 * The session of SPEC §3, shared by all tabs through localStorage and a session cookie. It ends by
 * inactivity, by duration, at the action after `maxActions`, through the API, or when the browser
 * closes (noticed at the next page load: the cookie is gone but the stored session is not).
 */
export class SessionManager {
  private state: SessionState | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly onStorage = (event: StorageEvent): void => {
    if (event.key !== STORAGE_KEY) return;
    this.state = readStoredState();
    this.scheduleExpiry();
  };

  constructor(
    private readonly limits: SessionLimits,
    private readonly listener: SessionListener,
  ) {
    addEventListener('storage', this.onStorage);
  }

  /** Resumes the browser's session, or notices how the last one ended and starts a new one. */
  start(): void {
    const stored = readStoredState();
    this.state = stored;
    if (stored && !stored.endedBy) {
      const expired = this.expiryReason(stored, Date.now());
      if (expired) this.end(expired);
      else if (readCookie() !== stored.id) this.end(SessionEndReason.BROWSER_CLOSED);
    }
    this.currentId();
  }

  /** The id of the session going on now; an ended or expired session gives way to a new one. */
  currentId(): string {
    const active = this.activeId();
    if (active) return active;
    const state = this.state;
    // Not going on: ended already, or expired and ending now.
    const expired = state && !state.endedBy ? this.expiryReason(state, Date.now()) : undefined;
    if (expired) this.end(expired);
    return this.begin(Date.now(), state?.id);
  }

  /** The id of the session going on now, without starting one. */
  activeId(): string | undefined {
    const state = this.state;
    return state && !state.endedBy && !this.expiryReason(state, Date.now()) ? state.id : undefined;
  }

  /**
   * Counts a user action: it keeps the session alive, and the one after `maxActions` starts a new
   * session. Returns the id the action belongs to.
   */
  recordAction(): string {
    let id = this.currentId();
    if (this.state!.actionCount >= this.limits.maxActions) {
      this.end(SessionEndReason.ACTION_LIMIT);
      id = this.currentId();
    }
    this.state!.actionCount++;
    this.state!.lastActionAt = Date.now();
    this.persist();
    return id;
  }

  /** Ends the current session (if any is going on); the next activity starts a new one. */
  end(reason: SessionEndReason): void {
    const state = this.state;
    if (!state || state.endedBy) return;
    state.endedBy = reason;
    this.persist();
    this.listener.onEnd(state.id, reason);
  }

  shutdown(): void {
    removeEventListener('storage', this.onStorage);
    nativeClearTimeout(this.timer);
  }

  private begin(now: number, previousId: string | undefined): string {
    const state: SessionState = { id: generateSessionId(), startedAt: now, lastActionAt: now, actionCount: 0 };
    this.state = state;
    this.persist();
    this.listener.onStart(state.id, previousId);
    return state.id;
  }

  private expiryReason(state: SessionState, now: number): SessionEndReason | undefined {
    if (now - state.startedAt >= this.limits.maxDurationMs) return SessionEndReason.DURATION_LIMIT;
    if (now - state.lastActionAt >= this.limits.inactivityTimeoutMs) return SessionEndReason.TIMEOUT;
    return undefined;
  }

  private persist(): void {
    const state = this.state!;
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(state));
    } catch {
      // Without storage the session is this page's alone; it still works.
    }
    const secure = location.protocol === 'https:' ? '; Secure' : '';
    document.cookie = `${COOKIE_NAME}=${state.id}; path=/; SameSite=Lax${secure}`;
    this.scheduleExpiry();
  }

  /** Ends the session on time even when the page sits idle, so the processor hears the reason. */
  private scheduleExpiry(): void {
    nativeClearTimeout(this.timer);
    const state = this.state;
    if (!state || state.endedBy) return;
    const dueAt = Math.min(state.startedAt + this.limits.maxDurationMs, state.lastActionAt + this.limits.inactivityTimeoutMs);
    this.timer = nativeSetTimeout(() => {
      // Another tab may have kept the session alive meanwhile: storage has the last word.
      const latest = readStoredState();
      if (latest?.id === this.state?.id) this.state = latest;
      const reason = this.state && !this.state.endedBy ? this.expiryReason(this.state, Date.now()) : undefined;
      if (reason) this.end(reason);
      else this.scheduleExpiry();
    }, Math.max(0, dueAt - Date.now()));
  }
}
