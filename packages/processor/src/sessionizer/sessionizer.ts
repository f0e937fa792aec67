// Groups RUM spans into sessions and ends them by the rules of SPEC §3. Pure: no I/O and no timers —
// the service calls ingest() per batch and advance() on its own schedule, with an injected clock.

import {
  ATTR_RUM_SESSION_END_REASON,
  ATTR_SESSION_PREVIOUS_ID,
  EventType,
  SESSION_END_REASONS,
  SessionEndReason,
  ApdexRating,
} from '@otel-rum/semconv';
import type { ActionRatings, AppSettings, ClientInfo, EndedSession, RumSpan } from '../model.js';
import { CompiledGoals } from '../ratings/index.js';
import { ClientProfiles, type ClientProfile, type CompactAddress } from './client-profiles.js';
import { ExpiryHeap } from './expiry-heap.js';
import { continuationId, marksParentErroneous, OpenSession, rateActionSpan, type AppState, type SerializedSession } from './session.js';

export interface SessionizerOptions {
  /** Epoch ms now; a fake clock in tests. */
  readonly clock: () => number;
  /** Settings of an application; called once per application id. */
  readonly settingsFor: (applicationId: string) => AppSettings;
  /**
   * How long after its deadline, or after the client said it ended, a session stays open for spans
   * still on their way (batching and network put them seconds behind each other).
   */
  readonly closeGraceMs?: number;
  /** How long the id of a closed session is remembered, so its stragglers do not reopen it. */
  readonly closedRetentionMs?: number;
}

export const DEFAULT_CLOSE_GRACE_MS = 10_000;
export const DEFAULT_CLOSED_RETENTION_MS = 35 * 60 * 1000;

/** The JSON-serializable state of a sessionizer, for saving across a restart. */
export interface SessionizerSnapshot {
  readonly version: 1;
  readonly sessions: readonly (SerializedSession & { readonly routed: boolean })[];
  /** [session id, epoch ms it closed], oldest first. */
  readonly closed: readonly [string, number][];
  /** [predecessor id, successor start, epoch ms noted] of predecessors not seen yet. */
  readonly successors?: readonly [string, number, number][];
}

const END_REASONS: ReadonlySet<string> = new Set(SESSION_END_REASONS);

interface SharedClient {
  readonly profile: ClientProfile;
  readonly address: CompactAddress | undefined;
}

export { continuationId };

export class Sessionizer {
  private readonly clock: () => number;
  private readonly settingsFor: (applicationId: string) => AppSettings;
  private readonly closeGraceMs: number;
  private readonly closedRetentionMs: number;
  private readonly apps = new Map<string, AppState>();
  /**
   * Predecessors named by a session_start before any span of theirs arrived: [successor start,
   * epoch ms noted], by predecessor id, oldest first.
   */
  private readonly successors = new Map<string, [number, number]>();
  /** Open sessions by the id the client sends. */
  private readonly open = new Map<string, OpenSession>();
  /** Ids of closed sessions with the time they closed, in closing order. */
  private readonly closed = new Map<string, number>();
  private readonly expiry = new ExpiryHeap<OpenSession>();
  private readonly clients = new ClientProfiles();
  private openCount = 0;

  constructor(options: SessionizerOptions) {
    this.clock = options.clock;
    this.settingsFor = options.settingsFor;
    this.closeGraceMs = options.closeGraceMs ?? DEFAULT_CLOSE_GRACE_MS;
    this.closedRetentionMs = options.closedRetentionMs ?? DEFAULT_CLOSED_RETENTION_MS;
  }

  /** Sessions open now, including those waiting out their grace. */
  get openSessions(): number {
    return this.openCount;
  }

  /** Open sessions per application id, for every application seen so far (0 included). */
  openSessionsByApp(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const [applicationId, app] of this.apps) counts.set(applicationId, app.openSessions);
    return counts;
  }

  /**
   * Folds a batch of spans into their sessions (spans of closed sessions stay event-level) and
   * returns how each user action of the batch was rated, for the action metrics.
   */
  ingest(spans: readonly RumSpan[]): ActionRatings {
    const ordered = isSortedByStart(spans) ? spans : [...spans].sort((a, b) => a.startTimeMs - b.startTimeMs);
    let erroredParentsInBatch: Set<string> | undefined;
    // Spans of one page load share their ClientInfo object: one profile lookup per page load and batch.
    const sharedClients = new Map<ClientInfo, SharedClient>();
    for (const span of ordered) {
      if (marksParentErroneous(span)) (erroredParentsInBatch ??= new Set()).add(span.parentSpanId as string);
      this.route(span, this.sharedClientOf(span.client, sharedClients));
    }
    const ratings = new Map<RumSpan, ApdexRating>();
    for (const span of spans) {
      if (span.eventType !== EventType.USER_ACTION) continue;
      const app = this.appOf(span.applicationId);
      const erroredChild = erroredParentsInBatch?.has(span.spanId) || this.open.get(span.sessionId)?.hasErroredChild(span.spanId);
      ratings.set(span, erroredChild ? ApdexRating.FRUSTRATED : rateActionSpan(span, app.settings));
    }
    return ratings;
  }

  /** Ends every session that is due now and returns them; call it every second or so. */
  advance(): EndedSession[] {
    const now = this.clock();
    const ended: EndedSession[] = [];
    while (this.expiry.peekDeadline() <= now) {
      const session = this.expiry.pop() as OpenSession;
      if (session.closed) continue;
      const deadline = this.deadlineOf(session);
      if (deadline > now) {
        this.expiry.push(deadline, session);
        continue;
      }
      ended.push(this.close(session, this.reasonAt(session, now), now));
    }
    for (const [sessionId, closedAt] of this.closed) {
      if (closedAt + this.closedRetentionMs > now) break;
      this.closed.delete(sessionId);
    }
    for (const [sessionId, [, notedAt]] of this.successors) {
      if (notedAt + this.closedRetentionMs > now) break;
      this.successors.delete(sessionId);
    }
    return ended;
  }

  snapshot(): SessionizerSnapshot {
    const sessions = new Set<OpenSession>();
    for (const session of this.expiry.values()) if (!session.closed) sessions.add(session);
    return {
      version: 1,
      sessions: [...sessions].map((session) => ({ ...session.serialize(), routed: this.open.get(session.key) === session })),
      closed: [...this.closed],
      successors: [...this.successors].map(([sessionId, [startMs, notedAt]]) => [sessionId, startMs, notedAt]),
    };
  }

  /** Replaces the state with a snapshot (taken by this or an earlier process). */
  restore(snapshot: SessionizerSnapshot): void {
    if (snapshot.version !== 1) throw new Error(`sessionizer snapshot version ${String(snapshot.version)} is not supported`);
    this.open.clear();
    this.closed.clear();
    this.successors.clear();
    for (const app of this.apps.values()) app.openSessions = 0;
    this.openCount = 0;
    while (this.expiry.size > 0) this.expiry.pop();
    for (const state of snapshot.sessions) {
      const session = OpenSession.deserialize(state, this.appOf(state.applicationId), this.clients);
      if (state.routed) this.open.set(session.key, session);
      this.track(session);
    }
    for (const [sessionId, closedAt] of snapshot.closed) this.closed.set(sessionId, closedAt);
    for (const [sessionId, startMs, notedAt] of snapshot.successors ?? []) this.successors.set(sessionId, [startMs, notedAt]);
  }

  private sharedClientOf(client: ClientInfo, cache: Map<ClientInfo, SharedClient>): SharedClient {
    let shared = cache.get(client);
    if (shared === undefined) {
      shared = { profile: this.clients.profileOf(client), address: this.clients.addressOf(client) };
      cache.set(client, shared);
    }
    return shared;
  }

  private route(span: RumSpan, client: SharedClient): void {
    if (span.eventType === EventType.SESSION_START) {
      const previousId = span.attributes[ATTR_SESSION_PREVIOUS_ID];
      if (typeof previousId === 'string') this.endPrevious(previousId, span.startTimeMs);
    }
    let session = this.open.get(span.sessionId);
    if (session === undefined) {
      if (this.closed.has(span.sessionId)) return;
      session = this.openSession(span.sessionId, 0, span, client);
    } else if (span.eventType === EventType.USER_ACTION && session.actionCount >= session.app.settings.sessionLimits.maxActions) {
      // The action after the limit closes the session and opens the next one.
      this.endLater(session, SessionEndReason.ACTION_LIMIT, this.clock());
      const segment = session.segment + 1;
      session = this.openSession(span.sessionId, segment, span, client);
    }
    session.apply(span, client.profile, client.address);
    if (span.eventType === EventType.SESSION_END) {
      const reason = span.attributes[ATTR_RUM_SESSION_END_REASON];
      // What the client says beats what we inferred; a session the client ended twice keeps the first reason.
      if (!session.endReportedByClient) {
        session.endReportedByClient = true;
        const explicit = typeof reason === 'string' && END_REASONS.has(reason) ? (reason as SessionEndReason) : SessionEndReason.API;
        this.endLater(session, explicit, this.clock() + this.closeGraceMs);
      }
    }
  }

  /**
   * A session_start naming its predecessor: the predecessor is over, if we did not know yet. Why is
   * judged when it closes, so its own spans may still arrive after the successor's.
   */
  private endPrevious(previousId: string, successorStartMs: number): void {
    const previous = this.open.get(previousId);
    if (previous === undefined) {
      if (this.closed.has(previousId)) return;
      const known = this.successors.get(previousId);
      if (known === undefined || successorStartMs < known[0]) this.successors.set(previousId, [successorStartMs, this.clock()]);
      return;
    }
    if (previous.endReportedByClient) return;
    previous.noteSuccessor(successorStartMs);
    if (previous.pendingReason === undefined) this.endLater(previous, SessionEndReason.BROWSER_CLOSED, this.clock() + this.closeGraceMs);
  }

  private endLater(session: OpenSession, reason: SessionEndReason, closeAtMs: number): void {
    session.endAt(reason, closeAtMs);
    this.expiry.push(closeAtMs, session);
  }

  private openSession(key: string, segment: number, first: RumSpan, client: SharedClient): OpenSession {
    const app = this.appOf(first.applicationId);
    const session = new OpenSession(key, segment, app, Math.round(first.startTimeMs), client.profile, client.address, first.pageGroup);
    this.open.set(key, session);
    this.track(session);
    const successor = segment === 0 ? this.successors.get(key) : undefined;
    if (successor !== undefined) {
      this.successors.delete(key);
      session.noteSuccessor(successor[0]);
      this.endLater(session, SessionEndReason.BROWSER_CLOSED, this.clock() + this.closeGraceMs);
    }
    return session;
  }

  private track(session: OpenSession): void {
    session.app.openSessions++;
    this.openCount++;
    this.expiry.push(this.deadlineOf(session), session);
  }

  private close(session: OpenSession, reason: SessionEndReason, now: number): EndedSession {
    session.closed = true;
    session.app.openSessions--;
    this.openCount--;
    if (this.open.get(session.key) === session) {
      this.open.delete(session.key);
      this.closed.set(session.key, now);
    }
    return session.end(reason);
  }

  private deadlineOf(session: OpenSession): number {
    const byRule = Math.min(session.timeoutAtMs(), session.durationLimitAtMs()) + this.closeGraceMs;
    return session.pendingReason === undefined ? byRule : Math.min(byRule, session.pendingCloseAtMs);
  }

  private reasonAt(session: OpenSession, now: number): SessionEndReason {
    if (session.pendingReason !== undefined && session.pendingCloseAtMs <= now) {
      return session.pendingReason === SessionEndReason.BROWSER_CLOSED && !session.endReportedByClient
        ? session.endReasonBySuccessor()
        : session.pendingReason;
    }
    return session.timeoutAtMs() <= session.durationLimitAtMs() ? SessionEndReason.TIMEOUT : SessionEndReason.DURATION_LIMIT;
  }

  private appOf(applicationId: string): AppState {
    let app = this.apps.get(applicationId);
    if (app === undefined) {
      const settings = this.settingsFor(applicationId);
      app = { settings, goals: new CompiledGoals(settings.conversionGoals), openSessions: 0 };
      this.apps.set(applicationId, app);
    }
    return app;
  }
}

function isSortedByStart(spans: readonly RumSpan[]): boolean {
  for (let index = 1; index < spans.length; index++) {
    if ((spans[index] as RumSpan).startTimeMs < (spans[index - 1] as RumSpan).startTimeMs) return false;
  }
  return true;
}
