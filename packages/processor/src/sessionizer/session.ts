// The state of one open session, folded span by span. It is kept compact (a benchmark goal is at most
// 512 heap bytes per open session): counters instead of spans, times as small-integer offsets from
// the session's first event (V8 keeps those unboxed), per-action data packed into one number array,
// and optional parts created only when needed. Every fold is order-independent — counts, minimum and
// maximum times, "latest by event time" — so spans arriving out of order give the same summary.

import { createHash } from 'node:crypto';
import {
  ActionType,
  ApdexRating,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_RUM_ACTION_NAME,
  ATTR_RUM_ACTION_TYPE,
  ATTR_RUM_ERROR_TYPE,
  ATTR_RUM_USER_TAG,
  ErrorType,
  EventType,
  SESSION_PROPERTY_PREFIX,
  SummaryField,
  SessionEndReason,
} from '@otel-rum/semconv';
import { isApplicationRequest, type AppSettings, type ClientInfo, type EndedSession, type PageGroupVisit, type RumSpan, type ScalarValue, type SessionSummary } from '../model.js';
import { expandAddress, type ClientProfile, type ClientProfiles, type CompactAddress } from './client-profiles.js';
import { apdexScore, apdexThresholdsFor, isBounce, rateAction, uxScore, type CompiledGoals } from '../ratings/index.js';

/** What the sessionizer knows about an application. */
export interface AppState {
  readonly settings: AppSettings;
  readonly goals: CompiledGoals;
  openSessions: number;
}

/** Page groups tracked per session for the behaviour segments; more are folded into the last. */
const MAX_PAGE_GROUPS_PER_SESSION = 16;
const PAGE_RAGE_CLICKED = 1;
const PAGE_HAD_ERROR = 2;

/** Stride of the packed per-action array: [start offset, span id key, rating without child errors]. */
const ACTION_STRIDE = 3;
const RATING_CODES: readonly ApdexRating[] = [ApdexRating.SATISFIED, ApdexRating.TOLERATING, ApdexRating.FRUSTRATED];
const FRUSTRATED_CODE = 2;
/** An offset before any event (a small integer, unlike -Infinity, so V8 keeps the field unboxed). */
const NO_OFFSET = -(2 ** 30);
/** No instance id seen yet (idKey values are never negative). */
const NO_INSTANCE = -1;

/**
 * An id (span id, instance id) hashed to 30 bits (FNV-1a): enough to tell a session's few hundred
 * ids apart, and small enough to stay an unboxed integer.
 */
export function idKey(id: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < id.length; index++) hash = Math.imul(hash ^ id.charCodeAt(index), 0x01000193);
  return hash & 0x3fffffff;
}

const ratingCode = (rating: ApdexRating): number => RATING_CODES.indexOf(rating);

/** The Apdex rating of a user action span from the span alone (its own duration and status). */
export function rateActionSpan(span: RumSpan, settings: AppSettings): ApdexRating {
  const actionType = span.attributes[ATTR_RUM_ACTION_TYPE];
  const actionName = span.attributes[ATTR_RUM_ACTION_NAME];
  const thresholds = apdexThresholdsFor(
    settings.apdex,
    typeof actionType === 'string' ? actionType : undefined,
    typeof actionName === 'string' ? actionName : undefined,
  );
  return rateAction(span.endTimeMs - span.startTimeMs, span.statusError, thresholds);
}

/** A request or error span that makes its parent action frustrated (SPEC §4: an error inside it, or 4xx/5xx). */
export function marksParentErroneous(span: RumSpan): boolean {
  if (span.parentSpanId === undefined) return false;
  if (span.eventType === EventType.ERROR) return true;
  if (!isApplicationRequest(span)) return false;
  const status = span.attributes[ATTR_HTTP_RESPONSE_STATUS_CODE];
  return typeof status === 'number' && status >= 400;
}

/** The id of the n-th continuation of a session split at the action limit: stable, 32 hex characters. */
export const continuationId = (sessionId: string, segment: number): string =>
  createHash('sha256').update(`${sessionId}/${segment}`).digest('hex').slice(0, 32);

// Tallies most sessions never need live in an array created on first use.
const RARE_ERRORS = 0;
const RARE_HTTP_4XX = 1;
const RARE_HTTP_5XX = 2;
const RARE_ANR = 3;
const RARE_CSP = 4;
const RARE_CRASHES = 5;
const RARE_RAGE_CLICKS = 6;
const RARE_DEAD_CLICKS = 7;
const RARE_TALLIES = 8;

const FLAG_CLOSED = 1;
const FLAG_END_REPORTED_BY_CLIENT = 2;
const SEGMENT_SHIFT = 2;

/** What few sessions have: kept out of the session object until needed. */
interface SessionExtras {
  userTag: string | undefined;
  userTagOffset: number;
  properties: Map<string, [ScalarValue, number]> | undefined;
  /** idKey of parents that a request error or an error span marked frustrated. */
  erroredParents: number[] | undefined;
  /** Start of the earliest session that named this one as its predecessor. */
  successorStartOffset: number | undefined;
  /** Why the session will close, once the client told us (or we inferred) it ended. */
  pendingReason: SessionEndReason | undefined;
  /** When (clock time) it will close then, as an offset from baseMs (a small integer; a time would be boxed). */
  pendingCloseOffset: number;
}

/** The JSON form of a session in a sessionizer snapshot. */
export interface SerializedSession {
  readonly key: string;
  readonly segment: number;
  readonly applicationId: string;
  readonly baseMs: number;
  readonly flags: number;
  readonly pendingReason: SessionEndReason | null;
  readonly pendingCloseOffset: number;
  readonly counters: readonly number[];
  readonly rare: readonly number[];
  readonly client: ClientInfo;
  readonly instanceId: string | null;
  readonly instanceKeys: number | readonly number[];
  readonly actions: readonly number[];
  readonly pages: readonly (string | number)[];
  readonly entryPage: string;
  readonly exitPage: string;
  readonly userTag: string | null;
  readonly userTagOffset: number;
  readonly properties: readonly [string, ScalarValue, number][];
  readonly erroredParents: readonly number[];
  readonly successorStartOffset: number | null;
}

export class OpenSession {
  /** FLAG_* bits, and the segment above them. */
  private flags: number;

  // Offsets in ms from baseMs, the start of the first span seen.
  firstOffset = 0;
  lastOffset = 0;
  /**
   * Latest user activity (user action end, session start); the inactivity timeout counts from it, or
   * from the first event when it is earlier.
   */
  activityOffset = NO_OFFSET;
  private resourceOffset = 0;
  private entryOffset = 0;
  private exitOffset = 0;

  actionCount = 0;
  private navigationCount = 0;
  private interactionCount = 0;
  private requestCount = 0;
  private viewCount = 0;
  private goalsReached = 0;
  private rare: number[] | undefined = undefined;

  private profile: ClientProfile;
  private clientAddress: CompactAddress | undefined;
  private instanceId: string | undefined = undefined;
  /** idKey of each distinct instance id (page loads, for page_summary_count); a number while there is one. */
  private instanceKeys: number | number[] = NO_INSTANCE;
  /** ACTION_STRIDE numbers per user action. */
  private actions: number[] | undefined = undefined;
  /** The first page group seen with its PAGE_* flags, then pairs [page group, flags] of the others. */
  private firstPage: string | undefined = undefined;
  private firstPageFlags = 0;
  private otherPages: (string | number)[] | undefined = undefined;
  private entryPage: string;
  private exitPage: string;
  private extras: SessionExtras | undefined = undefined;

  constructor(
    /** The session id the client sends. */
    readonly key: string,
    segment: number,
    readonly app: AppState,
    readonly baseMs: number,
    profile: ClientProfile,
    clientAddress: CompactAddress | undefined,
    pageGroup: string,
  ) {
    this.flags = segment << SEGMENT_SHIFT;
    this.profile = profile;
    this.clientAddress = clientAddress;
    this.entryPage = pageGroup;
    this.exitPage = pageGroup;
  }

  /** 0 for the session the client named; n for the n-th continuation after an action-limit split. */
  get segment(): number {
    return this.flags >>> SEGMENT_SHIFT;
  }

  get pendingReason(): SessionEndReason | undefined {
    return this.extras?.pendingReason;
  }

  /** The session will close at this clock time for this reason, unless it is due earlier. */
  endAt(reason: SessionEndReason, closeAtMs: number): void {
    const extras = this.extrasOf();
    extras.pendingReason = reason;
    extras.pendingCloseOffset = this.offsetOf(closeAtMs);
  }

  /** The id the summary carries. */
  get summaryId(): string {
    return this.segment === 0 ? this.key : continuationId(this.key, this.segment);
  }

  get closed(): boolean {
    return (this.flags & FLAG_CLOSED) !== 0;
  }

  set closed(value: boolean) {
    this.flags = value ? this.flags | FLAG_CLOSED : this.flags & ~FLAG_CLOSED;
  }

  /** The client sent a session_end: its reason beats one we inferred. */
  get endReportedByClient(): boolean {
    return (this.flags & FLAG_END_REPORTED_BY_CLIENT) !== 0;
  }

  set endReportedByClient(value: boolean) {
    this.flags = value ? this.flags | FLAG_END_REPORTED_BY_CLIENT : this.flags & ~FLAG_END_REPORTED_BY_CLIENT;
  }

  get pendingCloseAtMs(): number {
    return this.baseMs + (this.extras?.pendingCloseOffset ?? 0);
  }

  private offsetOf(ms: number): number {
    // `| 0` keeps it a 31-bit integer (Math.round may give -0, a boxed double).
    return Math.round(ms - this.baseMs) | 0;
  }

  /** Epoch ms of the inactivity timeout and of the duration limit. */
  timeoutAtMs(): number {
    return this.baseMs + Math.max(this.activityOffset, this.firstOffset) + this.app.settings.sessionLimits.inactivityTimeoutMs;
  }

  durationLimitAtMs(): number {
    return this.baseMs + this.firstOffset + this.app.settings.sessionLimits.maxDurationMs;
  }

  /** A session_start named this session as its predecessor: the client has moved on. */
  noteSuccessor(successorStartMs: number): void {
    const extras = this.extrasOf();
    const offset = this.offsetOf(successorStartMs);
    if (extras.successorStartOffset === undefined || offset < extras.successorStartOffset) extras.successorStartOffset = offset;
  }

  /**
   * Why the session ended, judged from when its successor started: the rule the client applied when
   * the successor came late enough for one, else the browser closed (the id died with it).
   */
  endReasonBySuccessor(): SessionEndReason {
    const successorOffset = this.extras?.successorStartOffset;
    if (successorOffset === undefined) return SessionEndReason.BROWSER_CLOSED;
    const successorStartMs = this.baseMs + successorOffset;
    if (successorStartMs >= this.timeoutAtMs()) return SessionEndReason.TIMEOUT;
    if (successorStartMs >= this.durationLimitAtMs()) return SessionEndReason.DURATION_LIMIT;
    if (this.actionCount >= this.app.settings.sessionLimits.maxActions) return SessionEndReason.ACTION_LIMIT;
    return SessionEndReason.BROWSER_CLOSED;
  }

  private tally(index: number): void {
    if (this.rare === undefined) this.rare = new Array<number>(RARE_TALLIES).fill(0);
    (this.rare[index] as number)++;
  }

  private rareCount(index: number): number {
    return this.rare === undefined ? 0 : (this.rare[index] as number);
  }

  private extrasOf(): SessionExtras {
    return (this.extras ??= {
      userTag: undefined,
      userTagOffset: 0,
      properties: undefined,
      erroredParents: undefined,
      successorStartOffset: undefined,
      pendingReason: undefined,
      pendingCloseOffset: 0,
    });
  }

  /** Folds one span of this session in; `profile` and `clientAddress` are its client's, shared. */
  apply(span: RumSpan, profile: ClientProfile, clientAddress: CompactAddress | undefined): void {
    const start = this.offsetOf(span.startTimeMs);
    const end = this.offsetOf(span.endTimeMs);
    if (start < this.firstOffset) this.firstOffset = start;
    if (end > this.lastOffset) this.lastOffset = end;
    if (start >= this.resourceOffset) {
      this.resourceOffset = start;
      this.profile = profile;
      this.clientAddress = clientAddress;
      if (span.instanceId !== undefined) this.instanceId = span.instanceId;
    }
    if (span.instanceId !== undefined) this.noteInstance(span.instanceId);
    if (start < this.entryOffset) {
      this.entryOffset = start;
      this.entryPage = span.pageGroup;
    }
    if (start >= this.exitOffset) {
      this.exitOffset = start;
      this.exitPage = span.pageGroup;
    }
    const attributes = span.attributes;
    let pageFlag = 0;
    switch (span.eventType) {
      case EventType.USER_ACTION: {
        this.actionCount++;
        if (end > this.activityOffset) this.activityOffset = end;
        const actionType = attributes[ATTR_RUM_ACTION_TYPE];
        if (actionType === ActionType.LOAD || actionType === ActionType.ROUTE_CHANGE) {
          this.navigationCount++;
          this.notePage(span.pagePath);
        } else if (actionType === ActionType.XHR) {
          this.interactionCount++;
        }
        const actionName = attributes[ATTR_RUM_ACTION_NAME];
        if (typeof actionName === 'string') this.goalsReached |= this.app.goals.reachedByAction(actionName);
        const code = ratingCode(rateActionSpan(span, this.app.settings));
        if (this.actions === undefined) this.actions = [start, idKey(span.spanId), code];
        else this.actions.push(start, idKey(span.spanId), code);
        break;
      }
      case EventType.REQUEST:
        if (!isApplicationRequest(span)) break;
        this.requestCount++;
        if (marksParentErroneous(span)) this.noteErroredParent(span.parentSpanId as string);
        break;
      case EventType.ERROR:
        this.applyError(span);
        pageFlag = PAGE_HAD_ERROR;
        break;
      case EventType.RAGE_CLICK:
        this.tally(RARE_RAGE_CLICKS);
        pageFlag = PAGE_RAGE_CLICKED;
        break;
      case EventType.DEAD_CLICK:
        this.tally(RARE_DEAD_CLICKS);
        break;
      case EventType.PAGE_CHANGE:
        this.viewCount++;
        this.notePage(span.pagePath);
        break;
      case EventType.USER_TAG: {
        const tag = attributes[ATTR_RUM_USER_TAG];
        if (typeof tag === 'string') {
          const extras = this.extrasOf();
          if (extras.userTag === undefined || start >= extras.userTagOffset) {
            extras.userTag = tag;
            extras.userTagOffset = start;
          }
        }
        break;
      }
      case EventType.SESSION_PROPERTY:
        this.applyProperties(attributes, start);
        break;
      case EventType.SESSION_START:
        if (start > this.activityOffset) this.activityOffset = start;
        break;
      default:
        break;
    }
    this.flagPage(span.pageGroup, pageFlag);
  }

  private applyError(span: RumSpan): void {
    this.tally(RARE_ERRORS);
    const errorType = span.attributes[ATTR_RUM_ERROR_TYPE];
    if (errorType === ErrorType.REQUEST) {
      const status = span.attributes[ATTR_HTTP_RESPONSE_STATUS_CODE];
      if (typeof status === 'number') {
        if (status >= 400 && status < 500) this.tally(RARE_HTTP_4XX);
        else if (status >= 500 && status < 600) this.tally(RARE_HTTP_5XX);
      }
    } else if (errorType === ErrorType.ANR) {
      this.tally(RARE_ANR);
    } else if (errorType === ErrorType.CSP_VIOLATION) {
      this.tally(RARE_CSP);
    } else if (errorType === ErrorType.CRASH) {
      this.tally(RARE_CRASHES);
    }
    if (span.parentSpanId !== undefined) this.noteErroredParent(span.parentSpanId);
  }

  private applyProperties(attributes: Readonly<Record<string, ScalarValue>>, start: number): void {
    for (const name in attributes) {
      if (!name.startsWith(SESSION_PROPERTY_PREFIX)) continue;
      const value = attributes[name] as ScalarValue;
      const properties = (this.extrasOf().properties ??= new Map());
      const known = properties.get(name);
      if (known === undefined || start >= known[1]) properties.set(name, [value, start]);
    }
  }

  private noteInstance(instanceId: string): void {
    const key = idKey(instanceId);
    const known = this.instanceKeys;
    if (known === NO_INSTANCE) this.instanceKeys = key;
    else if (typeof known === 'number') {
      if (known !== key) this.instanceKeys = [known, key];
    } else if (!known.includes(key)) known.push(key);
  }

  private noteErroredParent(parentSpanId: string): void {
    const key = idKey(parentSpanId);
    const extras = this.extrasOf();
    if (extras.erroredParents === undefined) extras.erroredParents = [key];
    else if (!extras.erroredParents.includes(key)) extras.erroredParents.push(key);
  }

  private notePage(path: string): void {
    if (this.app.goals.hasPageGoals) this.goalsReached |= this.app.goals.reachedByPage(path);
  }

  private flagPage(pageGroup: string, flag: number): void {
    if (this.firstPage === undefined || this.firstPage === pageGroup) {
      this.firstPage = pageGroup;
      this.firstPageFlags |= flag;
      return;
    }
    const pages = this.otherPages;
    if (pages === undefined) {
      this.otherPages = [pageGroup, flag];
      return;
    }
    for (let index = 0; index < pages.length; index += 2) {
      if (pages[index] === pageGroup) {
        pages[index + 1] = (pages[index + 1] as number) | flag;
        return;
      }
    }
    if (pages.length < 2 * (MAX_PAGE_GROUPS_PER_SESSION - 1)) pages.push(pageGroup, flag);
    else pages[pages.length - 1] = (pages[pages.length - 1] as number) | flag;
  }

  /** Pairs [page group, PAGE_* flags] of every page group seen. */
  private pagePairs(): (string | number)[] {
    return this.firstPage === undefined ? [] : [this.firstPage, this.firstPageFlags, ...(this.otherPages ?? [])];
  }

  /** Whether a request error or an error span named this action span as its parent. */
  hasErroredChild(spanId: string): boolean {
    const erroredParents = this.extras?.erroredParents;
    return erroredParents !== undefined && erroredParents.includes(idKey(spanId));
  }

  /** The summary of the session, ended for this reason. */
  end(reason: SessionEndReason): EndedSession {
    const settings = this.app.settings;
    let satisfied = 0;
    let tolerating = 0;
    let frustrated = 0;
    let lastActionOffset = Number.NEGATIVE_INFINITY;
    let lastAction: ApdexRating | undefined;
    const actions = this.actions ?? [];
    for (let index = 0; index < actions.length; index += ACTION_STRIDE) {
      const offset = actions[index] as number;
      const erroredChild = this.extras?.erroredParents?.includes(actions[index + 1] as number) ?? false;
      const code = erroredChild ? FRUSTRATED_CODE : (actions[index + 2] as number);
      if (code === 0) satisfied++;
      else if (code === 1) tolerating++;
      else frustrated++;
      if (offset >= lastActionOffset) {
        lastActionOffset = offset;
        lastAction = RATING_CODES[code];
      }
    }
    const duration = this.lastOffset - this.firstOffset;
    const goalsReached = this.goalsReached | this.app.goals.reachedBySession(duration, this.actionCount);
    const client = this.profile;
    const errors = this.rareCount(RARE_ERRORS);
    const crashes = this.rareCount(RARE_CRASHES);
    const rageClicks = this.rareCount(RARE_RAGE_CLICKS);
    const summary: Record<string, ScalarValue | readonly string[]> = {
      [SummaryField.SESSION_ID]: this.summaryId,
      [SummaryField.APPLICATION_ID]: settings.applicationId,
      [SummaryField.START_TIME]: new Date(this.baseMs + this.firstOffset).toISOString(),
      [SummaryField.END_TIME]: new Date(this.baseMs + this.lastOffset).toISOString(),
      [SummaryField.DURATION]: duration,
      [SummaryField.END_REASON]: reason,
      [SummaryField.NAVIGATION_COUNT]: this.navigationCount,
      [SummaryField.PAGE_SUMMARY_COUNT]: this.instanceKeys === NO_INSTANCE ? 0 : typeof this.instanceKeys === 'number' ? 1 : this.instanceKeys.length,
      [SummaryField.REQUEST_COUNT]: this.requestCount,
      [SummaryField.USER_INTERACTION_COUNT]: this.interactionCount,
      [SummaryField.VIEW_SUMMARY_COUNT]: this.viewCount,
      [SummaryField.ERROR_COUNT]: errors,
      [SummaryField.ERROR_HTTP_4XX_COUNT]: this.rareCount(RARE_HTTP_4XX),
      [SummaryField.ERROR_HTTP_5XX_COUNT]: this.rareCount(RARE_HTTP_5XX),
      [SummaryField.ERROR_ANR_COUNT]: this.rareCount(RARE_ANR),
      [SummaryField.ERROR_CSP_VIOLATION_COUNT]: this.rareCount(RARE_CSP),
      [SummaryField.ERROR_HAS_CRASH]: crashes > 0,
      [SummaryField.HAS_REPLAY]: false,
      [SummaryField.IS_INVALID]: this.actionCount === 0 && this.viewCount === 0,
      [SummaryField.IS_BOUNCE]: isBounce(this.actionCount),
      [SummaryField.HAS_RAGE_CLICK]: rageClicks > 0,
      [SummaryField.HAS_ERROR]: errors > 0,
      [SummaryField.ACTION_COUNT]: this.actionCount,
      [SummaryField.RAGE_CLICK_COUNT]: rageClicks,
      [SummaryField.DEAD_CLICK_COUNT]: this.rareCount(RARE_DEAD_CLICKS),
      [SummaryField.UX_SCORE]: uxScore(
        {
          satisfiedActions: satisfied,
          toleratingActions: tolerating,
          frustratedActions: frustrated,
          errors: errors - crashes,
          rageClicks,
          crashes,
          lastAction,
        },
        settings.uxScore,
      ),
      [SummaryField.CONVERTED]: goalsReached !== 0,
      [SummaryField.CONVERSION_GOALS]: this.app.goals.namesOf(goalsReached),
      [SummaryField.ENTRY_PAGE]: this.entryPage,
      [SummaryField.EXIT_PAGE]: this.exitPage,
      [SummaryField.USER_TYPE]: client.userType,
      [SummaryField.DEVICE_TYPE]: client.deviceType,
    };
    const optional: [string, ScalarValue | undefined][] = [
      [SummaryField.INSTANCE_ID, this.instanceId],
      [SummaryField.APDEX, apdexScore(satisfied, tolerating, frustrated)],
      [SummaryField.USER_TAG, this.extras?.userTag],
      [SummaryField.BROWSER_NAME, client.browserName],
      [SummaryField.BROWSER_VERSION, client.browserVersion],
      [SummaryField.BROWSER_WINDOW_WIDTH, client.windowWidth],
      [SummaryField.BROWSER_WINDOW_HEIGHT, client.windowHeight],
      [SummaryField.OS_NAME, client.osName],
      [SummaryField.OS_VERSION, client.osVersion],
      [SummaryField.DEVICE_MANUFACTURER, client.deviceManufacturer],
      [SummaryField.DEVICE_MODEL, client.deviceModel],
      [SummaryField.DEVICE_SCREEN_WIDTH, client.screenWidth],
      [SummaryField.DEVICE_SCREEN_HEIGHT, client.screenHeight],
      [SummaryField.GEO_COUNTRY_ISO_CODE, client.countryIsoCode],
      [SummaryField.CLIENT_ADDRESS, expandAddress(this.clientAddress)],
    ];
    for (const [field, value] of optional) if (value !== undefined) summary[field] = value;
    const properties = this.extras?.properties;
    if (properties) for (const [name, [value]] of properties) summary[name] = value;
    const pageGroups: PageGroupVisit[] = [];
    const pages = this.pagePairs();
    for (let index = 0; index < pages.length; index += 2) {
      const flags = pages[index + 1] as number;
      pageGroups.push({
        pageGroup: pages[index] as string,
        rageClicked: (flags & PAGE_RAGE_CLICKED) !== 0,
        hadError: (flags & PAGE_HAD_ERROR) !== 0,
      });
    }
    pageGroups.sort((a, b) => (a.pageGroup < b.pageGroup ? -1 : a.pageGroup > b.pageGroup ? 1 : 0));
    return { summary: summary as unknown as SessionSummary, pageGroups };
  }

  serialize(): SerializedSession {
    const extras = this.extras;
    return {
      key: this.key,
      segment: this.segment,
      applicationId: this.app.settings.applicationId,
      baseMs: this.baseMs,
      flags: this.flags,
      pendingReason: extras?.pendingReason ?? null,
      pendingCloseOffset: extras?.pendingCloseOffset ?? 0,
      counters: [
        this.firstOffset,
        this.lastOffset,
        this.activityOffset,
        this.resourceOffset,
        this.entryOffset,
        this.exitOffset,
        this.actionCount,
        this.navigationCount,
        this.interactionCount,
        this.requestCount,
        this.viewCount,
        this.goalsReached,
      ],
      rare: this.rare ?? [],
      client: { ...this.profile, clientAddress: expandAddress(this.clientAddress) },
      instanceId: this.instanceId ?? null,
      instanceKeys: this.instanceKeys,
      actions: this.actions ?? [],
      pages: this.pagePairs(),
      entryPage: this.entryPage,
      exitPage: this.exitPage,
      userTag: extras?.userTag ?? null,
      userTagOffset: extras?.userTagOffset ?? 0,
      properties: [...(extras?.properties ?? [])].map(([name, [value, offset]]) => [name, value, offset]),
      erroredParents: extras?.erroredParents ?? [],
      successorStartOffset: extras?.successorStartOffset ?? null,
    };
  }

  static deserialize(state: SerializedSession, app: AppState, clients: ClientProfiles): OpenSession {
    const session = new OpenSession(
      state.key,
      state.segment,
      app,
      state.baseMs,
      clients.profileOf(state.client),
      clients.addressOf(state.client),
      state.entryPage,
    );
    const counter = (index: number): number => {
      const value = state.counters[index];
      if (typeof value !== 'number') throw new Error(`session snapshot of ${state.key}: counter ${index} missing`);
      return value;
    };
    session.flags = state.flags;
    session.firstOffset = counter(0);
    session.lastOffset = counter(1);
    session.activityOffset = counter(2);
    session.resourceOffset = counter(3);
    session.entryOffset = counter(4);
    session.exitOffset = counter(5);
    session.actionCount = counter(6);
    session.navigationCount = counter(7);
    session.interactionCount = counter(8);
    session.requestCount = counter(9);
    session.viewCount = counter(10);
    session.goalsReached = counter(11);
    session.rare = state.rare.length === RARE_TALLIES ? [...state.rare] : undefined;
    session.instanceId = state.instanceId ?? undefined;
    session.instanceKeys = typeof state.instanceKeys === 'number' ? state.instanceKeys : [...state.instanceKeys];
    session.actions = state.actions.length > 0 ? [...state.actions] : undefined;
    const [firstPage, firstPageFlags, ...otherPages] = state.pages;
    session.firstPage = typeof firstPage === 'string' ? firstPage : undefined;
    session.firstPageFlags = typeof firstPageFlags === 'number' ? firstPageFlags : 0;
    session.otherPages = otherPages.length > 0 ? otherPages : undefined;
    session.exitPage = state.exitPage;
    if (
      state.userTag !== null ||
      state.properties.length > 0 ||
      state.erroredParents.length > 0 ||
      state.successorStartOffset !== null ||
      state.pendingReason !== null
    ) {
      session.extras = {
        userTag: state.userTag ?? undefined,
        userTagOffset: state.userTagOffset,
        properties:
          state.properties.length > 0 ? new Map(state.properties.map(([name, value, offset]) => [name, [value, offset]])) : undefined,
        erroredParents: state.erroredParents.length > 0 ? [...state.erroredParents] : undefined,
        successorStartOffset: state.successorStartOffset ?? undefined,
        pendingReason: state.pendingReason ?? undefined,
        pendingCloseOffset: state.pendingCloseOffset,
      };
    }
    return session;
  }
}
