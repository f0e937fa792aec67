import { SpanStatusCode, type Attributes } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import {
  ActionType,
  ATTR_BROWSER_LANGUAGE,
  ATTR_BROWSER_MOBILE,
  ATTR_BROWSER_PLATFORM,
  ATTR_EXCEPTION_MESSAGE,
  ATTR_EXCEPTION_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_RUM_ACTION_NAME,
  ATTR_RUM_ACTION_TARGET,
  ATTR_RUM_ACTION_TYPE,
  ATTR_RUM_APPLICATION_ID,
  ATTR_RUM_BROWSER_WINDOW_HEIGHT,
  ATTR_RUM_BROWSER_WINDOW_WIDTH,
  ATTR_RUM_ERROR_TYPE,
  ATTR_RUM_EVENT_TYPE,
  ATTR_RUM_INSTANCE_ID,
  ATTR_RUM_SCREEN_HEIGHT,
  ATTR_RUM_SCREEN_WIDTH,
  ATTR_RUM_SESSION_ID,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVICE_NAME,
  ATTR_SERVICE_VERSION,
  ATTR_SESSION_ID,
  ATTR_URL_FULL,
  ATTR_USER_AGENT_ORIGINAL,
  ErrorType,
  EventType,
  generateSessionId,
  SPAN_EVENT_EXCEPTION,
} from '@otel-rum/semconv';

export const CHROME_USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36';

/** The resource `@otel-rum/web` puts on every span of a page load. */
export function browserResource(applicationId: string, extra: Attributes = {}): Attributes {
  return {
    [ATTR_SERVICE_NAME]: 'shop-frontend',
    [ATTR_SERVICE_VERSION]: '1.4.2',
    [ATTR_RUM_APPLICATION_ID]: applicationId,
    [ATTR_RUM_INSTANCE_ID]: generateSessionId().slice(0, 16),
    [ATTR_USER_AGENT_ORIGINAL]: CHROME_USER_AGENT,
    [ATTR_BROWSER_LANGUAGE]: 'en-US',
    [ATTR_BROWSER_MOBILE]: false,
    [ATTR_BROWSER_PLATFORM]: 'Linux',
    [ATTR_RUM_BROWSER_WINDOW_WIDTH]: 1280,
    [ATTR_RUM_BROWSER_WINDOW_HEIGHT]: 720,
    [ATTR_RUM_SCREEN_WIDTH]: 1920,
    [ATTR_RUM_SCREEN_HEIGHT]: 1080,
    ...extra,
  };
}

interface EventOptions {
  /** Epoch ms; default now. */
  startMs?: number;
  durationMs?: number;
  url?: string;
  attributes?: Attributes;
}

/**
 * A browser page as `@otel-rum/web` reports it, on the real OTel SDK: spans are recorded with the
 * SDK's tracer and sent, when `send()` is called, as one batch through a real OTLP exporter.
 */
export class RumPage {
  readonly sessionId: string;
  private readonly recorded = new InMemorySpanExporter();
  private readonly provider: BasicTracerProvider;

  constructor(
    private readonly exporter: SpanExporter,
    resource: Attributes,
    { sessionId = generateSessionId(), url = 'https://shop.example.com/' } = {},
  ) {
    this.sessionId = sessionId;
    this.url = url;
    this.provider = new BasicTracerProvider({ resource: resourceFromAttributes(resource), spanProcessors: [new SimpleSpanProcessor(this.recorded)] });
  }

  url: string;

  private record(name: string, eventType: string, { startMs = Date.now(), durationMs = 0, url = this.url, attributes = {} }: EventOptions, error = false, exception?: Error): void {
    const span = this.provider.getTracer('@otel-rum/web').startSpan(name, {
      startTime: startMs,
      attributes: { [ATTR_RUM_SESSION_ID]: this.sessionId, [ATTR_SESSION_ID]: this.sessionId, [ATTR_RUM_EVENT_TYPE]: eventType, [ATTR_URL_FULL]: url, ...attributes },
    });
    if (exception) span.addEvent(SPAN_EVENT_EXCEPTION, { [ATTR_EXCEPTION_TYPE]: exception.name, [ATTR_EXCEPTION_MESSAGE]: exception.message }, startMs);
    if (error) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end(startMs + durationMs);
  }

  userAction(name: string, options: EventOptions & { actionType?: ActionType } = {}): this {
    const actionType = options.actionType ?? ActionType.XHR;
    this.record(name, EventType.USER_ACTION, {
      durationMs: 800,
      ...options,
      attributes: { [ATTR_RUM_ACTION_TYPE]: actionType, [ATTR_RUM_ACTION_NAME]: name, [ATTR_RUM_ACTION_TARGET]: 'button#add', ...options.attributes },
    });
    return this;
  }

  request(status: number, options: EventOptions = {}): this {
    this.record('GET', EventType.REQUEST, {
      durationMs: 120,
      ...options,
      attributes: { [ATTR_HTTP_REQUEST_METHOD]: 'GET', [ATTR_HTTP_RESPONSE_STATUS_CODE]: status, [ATTR_SERVER_ADDRESS]: 'api.example.com', ...options.attributes },
    });
    return this;
  }

  error(message: string, options: EventOptions = {}): this {
    this.record('error', EventType.ERROR, { ...options, attributes: { [ATTR_RUM_ERROR_TYPE]: ErrorType.JAVASCRIPT, ...options.attributes } }, true, new TypeError(message));
    return this;
  }

  event(eventType: EventType, options: EventOptions = {}): this {
    this.record(eventType, eventType, options);
    return this;
  }

  /** The spans recorded since the last send (and forgets them). */
  takeSpans(): ReadableSpan[] {
    const spans = this.recorded.getFinishedSpans();
    this.recorded.reset();
    return spans;
  }

  /** Exports the spans recorded since the last send as one batch; resolves with the exporter's result. */
  send(): Promise<ExportResult> {
    const spans = this.takeSpans();
    return new Promise((resolve) => this.exporter.export(spans, resolve));
  }

  /** Like `send`, failing unless the export succeeded. */
  async sendOk(): Promise<void> {
    const result = await this.send();
    if (result.code !== ExportResultCode.SUCCESS) throw new Error(`export failed: ${result.error?.message ?? 'unknown'}`);
  }
}
