import {
  diag,
  propagation,
  INVALID_SPAN_CONTEXT,
  ROOT_CONTEXT,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import { hrTime } from '@opentelemetry/core';
import { OTLPTraceExporter as OTLPJsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OTLPProtobufTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import {
  ActionType,
  ATTR_EXCEPTION_MESSAGE,
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
  ATTR_USER_ID,
  BAGGAGE_SESSION_ID,
  ErrorType,
  EventType,
  SessionEndReason,
  sessionPropertyAttribute,
  SPAN_EVENT_EXCEPTION,
} from '@otel-rum/semconv';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { installCrashHook } from './crash-hook.js';
import { exceptionAttributes } from './exception.js';
import { ExportProtocol, resolveOptions, type ResolvedOptions, type RumSessionOptions } from './options.js';
import { SessionTracker } from './session-tracker.js';

const { name: SDK_NAME, version: SDK_VERSION } = createRequire(import.meta.url)('../../package.json') as { name: string; version: string };

/** A user action opened with `enterAction`: a span from now until `end()`. */
export interface RumAction {
  readonly name: string;
  /** Records an error inside this action: an error span below it, and the action marked failed. */
  reportError(error: unknown): void;
  /** Ends the action; later calls do nothing. */
  end(): void;
  /**
   * A context holding this action's span and the session id as baggage. Run outgoing calls in it
   * (`context.with(action.context(), …)`) so your own tracing puts them under the action and a
   * backend with `rumCorrelation()` joins the session.
   */
  context(): Context;
}

/** The RUM API of a custom application, the same verbs as the web SDK's `initRum` plus `reportCrash`. */
export interface RumSession {
  enterAction(name: string): RumAction;
  /** Tags the session with a user (`dt.rum.user_tag`, `user.id`). */
  identifyUser(tag: string): void;
  setSessionProperty(name: string, value: string | number | boolean): void;
  /** An error the application caught; nested in the most recent open action, if any. */
  reportError(error: unknown): void;
  /** A crash: the application cannot go on. See the `crashReporting` option for uncaught errors. */
  reportCrash(error: unknown): void;
  /** Ends the session now; the next activity starts a new one. */
  endSession(): void;
  getSessionId(): string;
  /** Sends everything recorded so far. Resolves even when the endpoint cannot be reached (that is logged through `diag`). */
  flush(): Promise<void>;
  /**
   * Ends open actions and the session (`browser_closed`: the process that held it is going away),
   * sends everything and stops. Later calls do nothing.
   */
  shutdown(): Promise<void>;
}

const SCOPE = SDK_NAME;

class CustomApplicationRum implements RumSession {
  private readonly provider: BasicTracerProvider;
  private readonly tracer: Tracer;
  private readonly sessions: SessionTracker;
  private readonly openActions: Action[] = [];
  private readonly uninstallCrashHook: (() => void) | undefined;
  private lastSessionId = '';
  private stopped: Promise<void> | undefined;

  constructor(options: ResolvedOptions) {
    const Exporter = options.protocol === ExportProtocol.PROTOBUF ? OTLPProtobufTraceExporter : OTLPJsonTraceExporter;
    this.provider = new BasicTracerProvider({
      resource: defaultResource().merge(
        resourceFromAttributes({
          ...options.resourceAttributes,
          [ATTR_SERVICE_NAME]: options.serviceName,
          ...(options.serviceVersion ? { [ATTR_SERVICE_VERSION]: options.serviceVersion } : {}),
          [ATTR_RUM_APPLICATION_ID]: options.applicationId,
          [ATTR_RUM_INSTANCE_ID]: randomBytes(16).toString('hex'),
        }),
      ),
      spanProcessors: [
        new BatchSpanProcessor(new Exporter({ url: options.endpoint, headers: options.headers }), {
          scheduledDelayMillis: options.exportDelayMs,
        }),
      ],
    });
    this.tracer = this.provider.getTracer(SCOPE, SDK_VERSION);
    this.sessions = new SessionTracker(options.session, {
      started: (sessionId, previousId, timeMs) => {
        this.lastSessionId = sessionId;
        this.record(EventType.SESSION_START, sessionId, previousId ? { [ATTR_SESSION_PREVIOUS_ID]: previousId } : {}, { timeMs });
      },
      ended: (sessionId, reason, timeMs) => {
        this.record(EventType.SESSION_END, sessionId, { [ATTR_RUM_SESSION_END_REASON]: reason }, { timeMs });
      },
    });
    this.uninstallCrashHook =
      options.crashReporting &&
      installCrashHook((error) => this.reportCrash(error), () => this.shutdown(), options.crashReporting.flushTimeoutMs);
    // The application starting is the first event of its first session.
    this.sessions.currentId();
  }

  enterAction(name: string): RumAction {
    requireNonEmptyString('enterAction', 'name', name);
    // After shutdown nothing is recorded; the caller's code still runs unchanged.
    if (this.stopped) return new Action(name, trace.wrapSpanContext(INVALID_SPAN_CONTEXT), '', () => undefined, () => undefined);
    const sessionId = this.sessions.startAction();
    const span = this.tracer.startSpan(
      name,
      { attributes: { ...rumAttributes(EventType.USER_ACTION, sessionId), [ATTR_RUM_ACTION_TYPE]: ActionType.CUSTOM, [ATTR_RUM_ACTION_NAME]: name } },
      ROOT_CONTEXT,
    );
    const action = new Action(
      name,
      span,
      sessionId,
      (error) => this.recordError(ErrorType.CUSTOM, error, action),
      () => {
        this.openActions.splice(this.openActions.indexOf(action), 1);
        this.sessions.endAction(sessionId);
      },
    );
    this.openActions.push(action);
    return action;
  }

  identifyUser(tag: string): void {
    requireNonEmptyString('identifyUser', 'tag', tag);
    this.recordInSession(EventType.USER_TAG, { [ATTR_RUM_USER_TAG]: tag, [ATTR_USER_ID]: tag });
  }

  setSessionProperty(name: string, value: string | number | boolean): void {
    requireNonEmptyString('setSessionProperty', 'name', name);
    if (!['string', 'number', 'boolean'].includes(typeof value)) {
      throw new TypeError(`otel-rum: setSessionProperty needs a string, number or boolean value for "${name}", got ${typeof value}`);
    }
    this.recordInSession(EventType.SESSION_PROPERTY, { [sessionPropertyAttribute(name)]: value });
  }

  reportError(error: unknown): void {
    this.recordError(ErrorType.CUSTOM, error, this.openActions.at(-1));
  }

  reportCrash(error: unknown): void {
    this.recordError(ErrorType.CRASH, error, this.openActions.at(-1));
  }

  endSession(): void {
    if (!this.stopped) this.sessions.end(SessionEndReason.API);
  }

  getSessionId(): string {
    return this.stopped ? this.lastSessionId : this.sessions.currentId();
  }

  flush(): Promise<void> {
    return this.provider.forceFlush().catch(exportFailed);
  }

  shutdown(): Promise<void> {
    this.stopped ??= this.stop();
    return this.stopped;
  }

  private async stop(): Promise<void> {
    this.uninstallCrashHook?.();
    for (const action of [...this.openActions]) action.end();
    this.sessions.end(SessionEndReason.BROWSER_CLOSED);
    this.sessions.dispose();
    await this.provider.shutdown().catch(exportFailed);
  }

  private recordInSession(eventType: EventType, attributes: Attributes): void {
    if (!this.stopped) this.record(eventType, this.sessions.currentId(), attributes);
  }

  private recordError(errorType: ErrorType, error: unknown, action: Action | undefined): void {
    if (this.stopped) return;
    const exception = exceptionAttributes(error);
    // Errors are not user actions: they join the action's session, or the current one.
    const sessionId = action?.sessionId ?? this.sessions.currentId();
    this.record(EventType.ERROR, sessionId, { [ATTR_RUM_ERROR_TYPE]: errorType }, { parent: action?.span, exception });
    action?.fail(exception);
  }

  /** A zero-length RUM span. */
  private record(eventType: EventType, sessionId: string, attributes: Attributes, at: { timeMs?: number; parent?: Span; exception?: Attributes } = {}): void {
    const time = at.timeMs ?? hrTime();
    const span = this.tracer.startSpan(
      eventType,
      { attributes: { ...rumAttributes(eventType, sessionId), ...attributes }, startTime: time },
      at.parent ? trace.setSpan(ROOT_CONTEXT, at.parent) : ROOT_CONTEXT,
    );
    if (at.exception) {
      span.addEvent(SPAN_EVENT_EXCEPTION, at.exception, time);
      span.setStatus({ code: SpanStatusCode.ERROR, message: String(at.exception[ATTR_EXCEPTION_MESSAGE]) });
    }
    span.end(time);
  }
}

class Action implements RumAction {
  private ended = false;

  constructor(
    readonly name: string,
    readonly span: Span,
    readonly sessionId: string,
    private readonly onError: (error: unknown) => void,
    private readonly onEnd: () => void,
  ) {}

  reportError(error: unknown): void {
    if (!this.ended) this.onError(error);
  }

  /** An error happened inside: the action carries the exception and ends failed. */
  fail(exception: Attributes): void {
    this.span.addEvent(SPAN_EVENT_EXCEPTION, exception);
    this.span.setStatus({ code: SpanStatusCode.ERROR });
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.span.end();
    this.onEnd();
  }

  context(): Context {
    const withSpan = trace.setSpan(ROOT_CONTEXT, this.span);
    return this.sessionId ? propagation.setBaggage(withSpan, propagation.createBaggage({ [BAGGAGE_SESSION_ID]: { value: this.sessionId } })) : withSpan;
  }
}

// Monitoring must not break the application it watches: an unreachable endpoint is logged, not thrown.
const exportFailed = (error: unknown): void => diag.warn('otel-rum: export failed', error);

/** The attributes every RUM span carries (SPEC §2). */
const rumAttributes = (eventType: EventType, sessionId: string): Attributes => ({
  [ATTR_RUM_EVENT_TYPE]: eventType,
  [ATTR_RUM_SESSION_ID]: sessionId,
  [ATTR_SESSION_ID]: sessionId,
});

function requireNonEmptyString(verb: string, argument: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || value === '') throw new TypeError(`otel-rum: ${verb} needs a non-empty string ${argument}, got ${JSON.stringify(value) ?? typeof value}`);
}

/**
 * Starts RUM for a custom application (CLI, desktop app, kiosk, Electron main process): one
 * session per process under the rules of SPEC §3, exported over OTLP/HTTP.
 */
export function createRumSession(options: RumSessionOptions): RumSession {
  return new CustomApplicationRum(resolveOptions(options));
}
