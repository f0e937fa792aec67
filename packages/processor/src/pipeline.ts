import {
  ATTR_CLIENT_ADDRESS,
  AttributeLimitReason,
  ATTR_RUM_APPLICATION_ID,
  ATTR_RUM_EVENT_TYPE,
  ATTR_RUM_INSTANCE_ID,
  ATTR_RUM_SESSION_ID,
  ATTR_URL_FULL,
  ATTR_URL_PATH,
  EVENT_TYPES,
  isValidSessionId,
  RejectReason,
  type EventType,
} from '@otel-rum/semconv';
import type { ApplicationConfig, ProcessorConfig } from './config/index.js';
import { describeClient, PageGroups, pathOf, UserAgentAnalyzer } from './enrichment/index.js';
import { clockSkewCorrectionMs, CorsPolicy, isWithinTimeLimits, maskAddress, RequestRejected } from './limits/index.js';
import type { ActionRatings, ClientInfo, RumSpan, ScalarValue } from './model.js';
import type { DecodedRequest, DecodedResource, PartialSuccess } from './otlp/index.js';

/** Where a request came from, as the receiver established it. */
export interface RequestContext {
  /** `http` or `grpc`, for the spans-received metric. */
  readonly transport: string;
  /** The browser's Origin header; absent for server-to-server senders (a Collector, a Node app). */
  readonly origin?: string;
  /** The client address (unmasked) as the receiver resolved it from the peer and trusted X-Forwarded-For. */
  readonly clientAddress: string;
  /**
   * The peer is a trusted proxy that did not name a client (a Collector): the client address is the
   * `client.address` the Collector put on the resource or span, if any.
   */
  readonly viaCollector: boolean;
  /** Epoch ms when the request arrived. */
  readonly receivedMs: number;
}

/** What the pipeline hands on: the sessionizer takes spans, the health counters take the tallies. */
export interface PipelineSinks {
  /** Folds spans into sessions (the sessionizer) and returns the action ratings. */
  ingestSpans(spans: readonly RumSpan[]): ActionRatings;
  /** After the sessionizer: per-batch metrics of the spans and their ratings. */
  recordSpans(spans: readonly RumSpan[], ratings: ActionRatings): void;
  spansReceived(transport: string, count: number): void;
  spansRejected(reason: RejectReason, count: number): void;
  attributesLimited(reason: AttributeLimitReason, count: number): void;
}

const EVENT_TYPE_SET: ReadonlySet<string> = new Set(EVENT_TYPES);

/**
 * Decoded OTLP → checked, enriched `RumSpan`s → the sessionizer. Per resource (one page load): the
 * application must be known (and allow the browser's origin), the browser's clock skew is corrected,
 * the client is described once; per span: the RUM attributes must be there and the times sane.
 * Whatever fails is dropped and counted without touching the other resources of the request, except
 * that a browser posting for an unknown application or from a refused origin gets a 403.
 */
export class IngestPipeline {
  private readonly applications: ReadonlyMap<string, ApplicationConfig>;
  private readonly cors: CorsPolicy;
  readonly pageGroups: PageGroups;
  private readonly userAgents: UserAgentAnalyzer;

  constructor(
    private readonly config: ProcessorConfig,
    private readonly sinks: PipelineSinks,
  ) {
    this.applications = new Map(config.applications.map((application) => [application.id, application]));
    this.cors = new CorsPolicy(new Map(config.applications.map((application) => [application.id, application.allowedOrigins])));
    this.pageGroups = new PageGroups((applicationId) => this.applications.get(applicationId)!.pageGroups);
    this.userAgents = new UserAgentAnalyzer({ botPatterns: config.botPatterns });
  }

  /** Whether some application allows this origin (CORS preflights carry no body to tell which). */
  preflightAllows(origin: string): boolean {
    return this.cors.preflightAllows(origin);
  }

  /**
   * Ingests one request. Throws `RequestRejected` when a browser's request must be refused as a
   * whole; otherwise returns the partial success to report when spans were dropped.
   */
  ingest(request: DecodedRequest, context: RequestContext): PartialSuccess | undefined {
    this.sinks.spansReceived(context.transport, request.spanCount);
    if (request.droppedAttributes > 0) this.sinks.attributesLimited(AttributeLimitReason.COUNT_LIMIT, request.droppedAttributes);
    if (request.truncatedValues > 0) this.sinks.attributesLimited(AttributeLimitReason.VALUE_TRUNCATED, request.truncatedValues);
    if (context.origin !== undefined) this.checkBrowserRequest(request, context.origin);

    const rejected = new Map<RejectReason, number>();
    const reject = (reason: RejectReason, count: number): void => {
      if (count > 0) rejected.set(reason, (rejected.get(reason) ?? 0) + count);
    };
    const spans: RumSpan[] = [];
    for (const resource of request.resources) this.ingestResource(resource, context, spans, reject);

    if (spans.length > 0) {
      const ratings = this.sinks.ingestSpans(spans);
      this.sinks.recordSpans(spans, ratings);
    }
    let rejectedSpans = 0;
    for (const [reason, count] of rejected) {
      this.sinks.spansRejected(reason, count);
      if (reason !== RejectReason.NOT_RUM) rejectedSpans += count;
    }
    if (rejectedSpans === 0) return undefined;
    return { rejectedSpans, errorMessage: [...rejected.keys()].filter((reason) => reason !== RejectReason.NOT_RUM).join(', ') };
  }

  /** A browser batch comes from one page: an unknown application or a refused origin refuses it all. */
  private checkBrowserRequest(request: DecodedRequest, origin: string): void {
    for (const resource of request.resources) {
      const applicationId = resource.attributes[ATTR_RUM_APPLICATION_ID];
      if (typeof applicationId !== 'string') continue;
      if (!this.applications.has(applicationId)) {
        this.sinks.spansRejected(RejectReason.UNKNOWN_APPLICATION, request.spanCount);
        throw new RequestRejected(403, RejectReason.UNKNOWN_APPLICATION, `unknown application id ${JSON.stringify(applicationId.slice(0, 64))}`);
      }
      if (!this.cors.allows(applicationId, origin)) {
        this.sinks.spansRejected(RejectReason.ORIGIN_NOT_ALLOWED, request.spanCount);
        throw new RequestRejected(403, RejectReason.ORIGIN_NOT_ALLOWED, `origin ${origin.slice(0, 200)} is not allowed for application ${applicationId}`);
      }
    }
  }

  private ingestResource(resource: DecodedResource, context: RequestContext, into: RumSpan[], reject: (reason: RejectReason, count: number) => void): void {
    const { attributes, spans } = resource;
    const applicationId = attributes[ATTR_RUM_APPLICATION_ID];
    if (typeof applicationId !== 'string') {
      reject(RejectReason.NOT_RUM, spans.length);
      return;
    }
    if (!this.applications.has(applicationId)) {
      reject(RejectReason.UNKNOWN_APPLICATION, spans.length);
      return;
    }
    const instanceValue = attributes[ATTR_RUM_INSTANCE_ID];
    const instanceId = typeof instanceValue === 'string' ? instanceValue : undefined;
    const shiftMs = context.origin !== undefined ? this.clockSkewShift(resource, context.receivedMs) : 0;
    const { limits } = this.config;
    let client: ClientInfo | undefined;
    // The spans of one page load share their session id: check it once.
    let checkedSessionId: unknown;
    for (const span of spans) {
      const spanAttributes = span.attributes;
      const sessionId = spanAttributes[ATTR_RUM_SESSION_ID];
      const eventType = spanAttributes[ATTR_RUM_EVENT_TYPE];
      if (sessionId !== checkedSessionId) {
        if (isValidSessionId(sessionId)) checkedSessionId = sessionId;
        else {
          reject(RejectReason.NOT_RUM, 1);
          continue;
        }
      }
      if (typeof sessionId !== 'string' || typeof eventType !== 'string' || !EVENT_TYPE_SET.has(eventType)) {
        reject(RejectReason.NOT_RUM, 1);
        continue;
      }
      const startTimeMs = span.startTimeMs + shiftMs;
      const endTimeMs = span.endTimeMs + shiftMs;
      if (!isWithinTimeLimits(startTimeMs, endTimeMs, context.receivedMs, limits)) {
        reject(RejectReason.TIMESTAMP_OUT_OF_RANGE, 1);
        continue;
      }
      client ??= describeClient(attributes, spanAttributes, this.maskedClientAddress(resource, context), this.userAgents);
      // The address a Collector noted is masked here like any other, before anything keeps it.
      if (spanAttributes[ATTR_CLIENT_ADDRESS] !== undefined) spanAttributes[ATTR_CLIENT_ADDRESS] = maskAddress(String(spanAttributes[ATTR_CLIENT_ADDRESS]));
      const pagePath = pagePathOf(spanAttributes);
      into.push({
        applicationId,
        sessionId,
        instanceId,
        traceId: span.traceId,
        spanId: span.spanId,
        parentSpanId: span.parentSpanId || undefined,
        eventType: eventType as EventType,
        name: span.name,
        startTimeMs,
        endTimeMs,
        statusError: span.statusError,
        attributes: spanAttributes,
        pagePath,
        pageGroup: this.pageGroups.groupOf(applicationId, pagePath),
        client,
      });
    }
  }

  /** Browsers send within seconds of a span ending; a batch far off the receive time has a wrong clock. */
  private clockSkewShift(resource: DecodedResource, receivedMs: number): number {
    let latestEndMs = -Infinity;
    for (const span of resource.spans) if (span.endTimeMs > latestEndMs) latestEndMs = span.endTimeMs;
    return Number.isFinite(latestEndMs) ? clockSkewCorrectionMs(latestEndMs, receivedMs, this.config.limits) : 0;
  }

  private maskedClientAddress(resource: DecodedResource, context: RequestContext): string {
    if (context.viaCollector) {
      const fromCollector = resource.attributes[ATTR_CLIENT_ADDRESS] ?? resource.spans[0]?.attributes[ATTR_CLIENT_ADDRESS];
      if (typeof fromCollector === 'string') return maskAddress(fromCollector);
    }
    return maskAddress(context.clientAddress);
  }
}

/** The page's path: from `url.full`, else `url.path`, else the root. */
function pagePathOf(attributes: Readonly<Record<string, ScalarValue>>): string {
  const url = attributes[ATTR_URL_FULL];
  if (typeof url === 'string' && url !== '') return pathOf(url);
  const path = attributes[ATTR_URL_PATH];
  return typeof path === 'string' && path !== '' ? pathOf(path) : '/';
}
