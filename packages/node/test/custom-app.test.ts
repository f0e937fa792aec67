import { defaultTextMapSetter, SpanStatusCode } from '@opentelemetry/api';
import { W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  ActionType,
  ATTR_EXCEPTION_MESSAGE,
  ATTR_EXCEPTION_STACKTRACE,
  ATTR_EXCEPTION_TYPE,
  ATTR_RUM_ACTION_NAME,
  ATTR_RUM_ACTION_TYPE,
  ATTR_RUM_APPLICATION_ID,
  ATTR_RUM_ERROR_TYPE,
  ATTR_RUM_EVENT_TYPE,
  ATTR_RUM_INSTANCE_ID,
  ATTR_RUM_SESSION_END_REASON,
  ATTR_RUM_SESSION_ID,
  ATTR_RUM_USER_TAG,
  ATTR_SERVICE_NAME,
  ATTR_SERVICE_VERSION,
  ATTR_SESSION_ID,
  ATTR_SESSION_PREVIOUS_ID,
  ATTR_TELEMETRY_SDK_LANGUAGE,
  ATTR_TELEMETRY_SDK_NAME,
  ATTR_TELEMETRY_SDK_VERSION,
  ATTR_USER_ID,
  BAGGAGE_SESSION_ID,
  ErrorType,
  EventType,
  isValidSessionId,
  SessionEndReason,
  sessionPropertyAttribute,
  SPAN_EVENT_EXCEPTION,
} from '@otel-rum/semconv';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OtlpReceiver, type ReceivedSpan } from '../../../test/support/otlp-receiver.js';
import { createRumSession, ExportProtocol, type RumSession, type RumSessionOptions } from '../src/index.js';

const APPLICATION_ID = 'report-cli';

describe('createRumSession: RUM for custom applications over OTLP', () => {
  let receiver: OtlpReceiver;
  const sessions: RumSession[] = [];

  beforeAll(async () => {
    receiver = await new OtlpReceiver().start();
  });
  afterAll(() => receiver.stop());
  // Each test sees only its own spans: the sessions of the last one are shut down (and their
  // session_end exported) before the receiver forgets what it got.
  beforeEach(async () => {
    await Promise.all(sessions.splice(0).map((rum) => rum.shutdown()));
    receiver.clear();
  });

  function start(options: Partial<RumSessionOptions> = {}): RumSession {
    const rum = createRumSession({ applicationId: APPLICATION_ID, serviceName: 'Report CLI', endpoint: receiver.tracesUrl, exportDelayMs: 20, ...options });
    sessions.push(rum);
    return rum;
  }

  const one = (eventType: EventType): ReceivedSpan => {
    const spans = receiver.ofType(eventType);
    expect(spans, `one ${eventType} span`).toHaveLength(1);
    return spans[0]!;
  };

  it('emits session start, a custom action, user tag and session property, and ends the session at shutdown', async () => {
    const rum = start({ serviceVersion: '1.2.3' });
    const sessionId = rum.getSessionId();
    const action = rum.enterAction('Export report');
    await sleep(30);
    action.end();
    rum.identifyUser('alice@example.com');
    rum.setSessionProperty('plan', 'gold');
    rum.setSessionProperty('seats', 3);
    await rum.shutdown();

    expect(isValidSessionId(sessionId)).toBe(true);
    expect(receiver.spans.map((span) => span.attributes[ATTR_RUM_EVENT_TYPE])).toEqual([
      EventType.SESSION_START,
      EventType.USER_ACTION,
      EventType.USER_TAG,
      EventType.SESSION_PROPERTY,
      EventType.SESSION_PROPERTY,
      EventType.SESSION_END,
    ]);
    for (const span of receiver.spans) {
      expect(span.attributes[ATTR_RUM_SESSION_ID]).toBe(sessionId);
      expect(span.attributes[ATTR_SESSION_ID]).toBe(sessionId);
      expect(span.resource).toMatchObject({
        [ATTR_SERVICE_NAME]: 'Report CLI',
        [ATTR_SERVICE_VERSION]: '1.2.3',
        [ATTR_RUM_APPLICATION_ID]: APPLICATION_ID,
        [ATTR_TELEMETRY_SDK_NAME]: 'opentelemetry',
        [ATTR_TELEMETRY_SDK_LANGUAGE]: 'nodejs',
      });
      expect(span.resource[ATTR_TELEMETRY_SDK_VERSION]).toMatch(/^\d+\.\d+\.\d+/);
      expect(span.resource[ATTR_RUM_INSTANCE_ID]).toMatch(/^[0-9a-f]{32}$/);
    }
    expect(one(EventType.SESSION_START).attributes).not.toHaveProperty(ATTR_SESSION_PREVIOUS_ID);
    const actionSpan = one(EventType.USER_ACTION);
    expect(actionSpan.name).toBe('Export report');
    expect(actionSpan.attributes).toMatchObject({ [ATTR_RUM_ACTION_TYPE]: ActionType.CUSTOM, [ATTR_RUM_ACTION_NAME]: 'Export report' });
    expect(actionSpan.parentSpanId).toBe('');
    expect(actionSpan.durationMs).toBeGreaterThanOrEqual(25);
    expect(actionSpan.status.code).toBe(SpanStatusCode.UNSET);
    expect(one(EventType.USER_TAG).attributes).toMatchObject({ [ATTR_RUM_USER_TAG]: 'alice@example.com', [ATTR_USER_ID]: 'alice@example.com' });
    expect(receiver.ofType(EventType.SESSION_PROPERTY).map((span) => span.attributes)).toEqual([
      expect.objectContaining({ [sessionPropertyAttribute('plan')]: 'gold' }),
      expect.objectContaining({ [sessionPropertyAttribute('seats')]: 3 }),
    ]);
    expect(one(EventType.SESSION_END).attributes[ATTR_RUM_SESSION_END_REASON]).toBe(SessionEndReason.BROWSER_CLOSED);
  });

  it('gives each process its own instance id', async () => {
    const first = start();
    const second = start();
    await Promise.all([first.shutdown(), second.shutdown()]);
    const instances = new Set(receiver.ofType(EventType.SESSION_START).map((span) => span.resource[ATTR_RUM_INSTANCE_ID]));
    expect(instances.size).toBe(2);
  });

  it('reports an error outside any action as a zero-length error span with an exception event', async () => {
    const rum = start();
    const error = new TypeError('config file is not JSON');
    rum.reportError(error);
    rum.reportError('disk full');
    await rum.flush();

    const [first, second] = receiver.ofType(EventType.ERROR);
    expect(first!.attributes[ATTR_RUM_ERROR_TYPE]).toBe(ErrorType.CUSTOM);
    expect(first!.parentSpanId).toBe('');
    expect(first!.durationMs).toBe(0);
    expect(first!.status.code).toBe(SpanStatusCode.ERROR);
    expect(first!.events).toHaveLength(1);
    expect(first!.events[0]!.name).toBe(SPAN_EVENT_EXCEPTION);
    expect(first!.events[0]!.attributes).toEqual({
      [ATTR_EXCEPTION_TYPE]: 'TypeError',
      [ATTR_EXCEPTION_MESSAGE]: 'config file is not JSON',
      [ATTR_EXCEPTION_STACKTRACE]: error.stack,
    });
    expect(second!.events[0]!.attributes).toEqual({ [ATTR_EXCEPTION_TYPE]: 'string', [ATTR_EXCEPTION_MESSAGE]: 'disk full' });
  });

  it('nests an error inside the open action and marks the action failed', async () => {
    const rum = start();
    const upload = rum.enterAction('Upload');
    const sync = rum.enterAction('Sync');
    rum.reportError(new Error('sync conflict'));
    upload.reportError(new RangeError('file too large'));
    sync.end();
    upload.end();
    await rum.flush();

    const actions = Object.fromEntries(receiver.ofType(EventType.USER_ACTION).map((span) => [span.name, span]));
    const errors = Object.fromEntries(receiver.ofType(EventType.ERROR).map((span) => [span.events[0]!.attributes[ATTR_EXCEPTION_MESSAGE], span]));
    for (const [actionName, message] of [['Sync', 'sync conflict'], ['Upload', 'file too large']] as const) {
      const action = actions[actionName]!;
      const error = errors[message]!;
      expect(error.traceId).toBe(action.traceId);
      expect(error.parentSpanId).toBe(action.spanId);
      expect(action.status.code).toBe(SpanStatusCode.ERROR);
      expect(action.events.map((event) => event.attributes[ATTR_EXCEPTION_MESSAGE])).toEqual([message]);
    }
  });

  it('reports a crash as an error of type crash', async () => {
    const rum = start();
    rum.reportCrash(new Error('renderer gone'));
    await rum.flush();
    const crash = one(EventType.ERROR);
    expect(crash.attributes[ATTR_RUM_ERROR_TYPE]).toBe(ErrorType.CRASH);
    expect(crash.events[0]!.attributes[ATTR_EXCEPTION_MESSAGE]).toBe('renderer gone');
  });

  it('ends the session through the API; the next activity opens a new one naming the previous', async () => {
    const rum = start();
    const firstId = rum.getSessionId();
    rum.endSession();
    rum.endSession();
    rum.enterAction('Open settings').end();
    await rum.flush();

    const ends = receiver.ofType(EventType.SESSION_END);
    expect(ends).toHaveLength(1);
    expect(ends[0]!.attributes).toMatchObject({ [ATTR_RUM_SESSION_END_REASON]: SessionEndReason.API, [ATTR_RUM_SESSION_ID]: firstId });
    const secondId = rum.getSessionId();
    expect(secondId).not.toBe(firstId);
    const [, secondStart] = receiver.ofType(EventType.SESSION_START);
    expect(secondStart!.attributes).toMatchObject({ [ATTR_RUM_SESSION_ID]: secondId, [ATTR_SESSION_PREVIOUS_ID]: firstId });
    expect(one(EventType.USER_ACTION).attributes[ATTR_RUM_SESSION_ID]).toBe(secondId);
  });

  it('ends an idle session after the inactivity timeout, on its own', async () => {
    const rum = start({ session: { inactivityTimeoutMs: 150 } });
    const firstId = rum.getSessionId();
    rum.enterAction('Print').end();
    const [end] = await receiver.waitFor((span) => span.attributes[ATTR_RUM_EVENT_TYPE] === EventType.SESSION_END, { timeoutMs: 5000 });
    expect(end!.attributes).toMatchObject({ [ATTR_RUM_SESSION_END_REASON]: SessionEndReason.TIMEOUT, [ATTR_RUM_SESSION_ID]: firstId });
    // It ends when the limit was reached: 150 ms after the action.
    const action = one(EventType.USER_ACTION);
    expect(Number(end!.startTimeUnixNano - action.endTimeUnixNano) / 1e6).toBeGreaterThanOrEqual(148);

    rum.enterAction('Print again').end();
    await rum.flush();
    expect(rum.getSessionId()).not.toBe(firstId);
    expect(receiver.ofType(EventType.SESSION_START).at(-1)!.attributes[ATTR_SESSION_PREVIOUS_ID]).toBe(firstId);
  });

  it('keeps an active session open past the inactivity timeout', async () => {
    const rum = start({ session: { inactivityTimeoutMs: 400 } });
    const firstId = rum.getSessionId();
    for (let i = 0; i < 8; i++) {
      rum.enterAction(`Step ${i}`).end();
      await sleep(60);
    }
    await rum.flush();
    expect(receiver.ofType(EventType.SESSION_END)).toHaveLength(0);
    expect(new Set(receiver.ofType(EventType.USER_ACTION).map((span) => span.attributes[ATTR_RUM_SESSION_ID]))).toEqual(new Set([firstId]));
  });

  it('ends a session at its duration limit, however active', async () => {
    const rum = start({ session: { maxDurationMs: 250, inactivityTimeoutMs: 10_000 } });
    const firstId = rum.getSessionId();
    for (let i = 0; i < 8; i++) {
      rum.enterAction(`Tick ${i}`).end();
      await sleep(50);
    }
    await rum.flush();
    const [end] = receiver.ofType(EventType.SESSION_END);
    expect(end!.attributes).toMatchObject({ [ATTR_RUM_SESSION_END_REASON]: SessionEndReason.DURATION_LIMIT, [ATTR_RUM_SESSION_ID]: firstId });
    const sessionIds = receiver.ofType(EventType.USER_ACTION).map((span) => span.attributes[ATTR_RUM_SESSION_ID]);
    expect(sessionIds[0]).toBe(firstId);
    expect(sessionIds.at(-1)).not.toBe(firstId);
  });

  it('starts a new session with the action after the action limit', async () => {
    const rum = start({ session: { maxActions: 3 } });
    const firstId = rum.getSessionId();
    for (const name of ['A', 'B', 'C', 'D']) rum.enterAction(name).end();
    await rum.flush();

    const end = one(EventType.SESSION_END);
    expect(end.attributes).toMatchObject({ [ATTR_RUM_SESSION_END_REASON]: SessionEndReason.ACTION_LIMIT, [ATTR_RUM_SESSION_ID]: firstId });
    const sessionOf = Object.fromEntries(receiver.ofType(EventType.USER_ACTION).map((span) => [span.name, span.attributes[ATTR_RUM_SESSION_ID]]));
    expect([sessionOf.A, sessionOf.B, sessionOf.C]).toEqual([firstId, firstId, firstId]);
    expect(sessionOf.D).toBe(rum.getSessionId());
    expect(sessionOf.D).not.toBe(firstId);
    expect(receiver.ofType(EventType.SESSION_START).at(-1)!.attributes[ATTR_SESSION_PREVIOUS_ID]).toBe(firstId);
  });

  it("hands out the action's context so outgoing calls carry its trace and the session", () => {
    const rum = start();
    const action = rum.enterAction('Fetch invoices');
    const headers: Record<string, string> = {};
    new W3CTraceContextPropagator().inject(action.context(), headers, defaultTextMapSetter);
    new W3CBaggagePropagator().inject(action.context(), headers, defaultTextMapSetter);
    action.end();
    expect(headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(headers.baggage).toBe(`${BAGGAGE_SESSION_ID}=${rum.getSessionId()}`);
  });

  it('exports OTLP protobuf when asked', async () => {
    const rum = start({ protocol: ExportProtocol.PROTOBUF });
    rum.enterAction('Protobuf action').end();
    await rum.shutdown();
    const [request] = receiver.requests;
    expect(request!.headers['content-type']).toBe('application/x-protobuf');
    // Protobuf carries strings as raw UTF-8: the body holds the names and the session id.
    for (const text of ['Protobuf action', rum.getSessionId(), APPLICATION_ID]) expect(request!.body.includes(text)).toBe(true);
  });

  it('rejects bad options with a clear error', () => {
    const base = { applicationId: APPLICATION_ID, serviceName: 'Report CLI', endpoint: receiver.tracesUrl };
    expect(() => createRumSession({ ...base, endpoint: '' })).toThrow(/non-empty "endpoint"/);
    expect(() => createRumSession({ ...base, endpoint: 'not a url' })).toThrow(/endpoint "not a url" is not a URL/);
    expect(() => createRumSession({ ...base, session: { maxActions: 0 } })).toThrow(/session.maxActions must be a positive number/);
    expect(() => createRumSession({ ...base, protocol: 'grpc' as ExportProtocol })).toThrow(/protocol must be one of/);
    expect(() => createRumSession({ ...base, crashReporting: { flushTimeoutMs: -1 } })).toThrow(/flushTimeoutMs/);
  });

  it('rejects bad arguments with a clear error and keeps recording', async () => {
    const rum = start();
    expect(() => rum.enterAction('')).toThrow(/enterAction needs a non-empty string name/);
    expect(() => rum.identifyUser(undefined as unknown as string)).toThrow(/identifyUser needs a non-empty string tag/);
    expect(() => rum.setSessionProperty('cart', {} as unknown as string)).toThrow(/string, number or boolean value for "cart"/);
    rum.enterAction('Still recorded').end();
    await rum.flush();
    expect(one(EventType.USER_ACTION).name).toBe('Still recorded');
  });

  it('records nothing after shutdown, and the verbs keep working for the caller', async () => {
    const rum = start();
    const sessionId = rum.getSessionId();
    await rum.shutdown();
    receiver.clear();
    rum.enterAction('Too late').end();
    rum.reportError(new Error('too late'));
    rum.identifyUser('bob');
    rum.endSession();
    await rum.shutdown();
    expect(rum.getSessionId()).toBe(sessionId);
    expect(receiver.spans).toHaveLength(0);
  });
});
