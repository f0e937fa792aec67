import { SpanKind, trace, TraceFlags, type Span, type SpanContext } from '@opentelemetry/api';
import { addSpanNetworkEvent, addSpanNetworkEvents, PerformanceTimingNames } from '@opentelemetry/sdk-trace-web';
import {
  ActionType,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_RUM_RESOURCE_INITIATOR_TYPE,
  ATTR_SERVER_ADDRESS,
  ATTR_URL_FULL,
  EventType,
  SERVER_TIMING_TRACEPARENT,
  TRACEPARENT_META_NAME,
} from '@otel-rum/semconv';
import { toHrTime } from '../core/clock.js';
import { nativeSetTimeout } from '../core/timers.js';
import type { RumCore } from '../core/types.js';
import type { ActionTracker } from './action-tracker.js';
import { routeName } from './route-changes.js';

const TRACEPARENT_PATTERN = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** Requests made with fetch/XHR get spans of their own; the waterfall shows everything else. */
const OWN_SPAN_INITIATORS = new Set(['fetch', 'xmlhttprequest', 'beacon']);

const DOCUMENT_TIMINGS = [
  PerformanceTimingNames.DOM_INTERACTIVE,
  PerformanceTimingNames.DOM_CONTENT_LOADED_EVENT_START,
  PerformanceTimingNames.DOM_CONTENT_LOADED_EVENT_END,
  PerformanceTimingNames.DOM_COMPLETE,
  PerformanceTimingNames.LOAD_EVENT_START,
  PerformanceTimingNames.LOAD_EVENT_END,
];

/** The server span that produced this HTML, from `<meta name="traceparent">` or `Server-Timing: traceparent;desc=…`. */
export function serverSpanContext(navigation: PerformanceNavigationTiming | undefined): SpanContext | undefined {
  const fromMeta = document.querySelector(`meta[name="${TRACEPARENT_META_NAME}"]`)?.getAttribute('content');
  const fromServerTiming = navigation?.serverTiming?.find((entry) => entry.name === SERVER_TIMING_TRACEPARENT)?.description;
  const match = TRACEPARENT_PATTERN.exec((fromMeta ?? fromServerTiming ?? '').trim());
  if (!match || /^0+$/.test(match[1]!) || /^0+$/.test(match[2]!)) return undefined;
  return { traceId: match[1]!, spanId: match[2]!, traceFlags: Number.parseInt(match[3]!, 16) & TraceFlags.SAMPLED, isRemote: true };
}

function recordResourceTimings(core: RumCore, loadSpan: Span, loadEnd: number): void {
  for (const entry of performance.getEntriesByType('resource') as PerformanceResourceTiming[]) {
    if (entry.startTime > loadEnd || OWN_SPAN_INITIATORS.has(entry.initiatorType) || entry.name.startsWith(core.options.endpoint)) continue;
    let serverAddress = '';
    try {
      serverAddress = new URL(entry.name).hostname;
    } catch {
      // data: and blob: entries have no host.
    }
    const span = core.startSpan(EventType.REQUEST, `resource ${entry.initiatorType}`, {
      parent: loadSpan,
      kind: SpanKind.CLIENT,
      startTime: entry.startTime,
      attributes: {
        [ATTR_URL_FULL]: core.sanitizeUrl(entry.name),
        [ATTR_SERVER_ADDRESS]: serverAddress,
        [ATTR_RUM_RESOURCE_INITIATOR_TYPE]: entry.initiatorType,
        ...(entry.responseStatus ? { [ATTR_HTTP_RESPONSE_STATUS_CODE]: entry.responseStatus } : {}),
      },
    });
    addSpanNetworkEvents(span, entry, false, true, true);
    span.end(toHrTime(Math.max(entry.responseEnd, entry.startTime)));
  }
}

/**
 * The `load` action: from navigation start to the load event, plus the requests started meanwhile.
 * Navigation timing goes on the span as events, resource timing below it as child spans, and when
 * the server named its span the action joins that trace.
 */
export function trackPageLoad(core: RumCore, tracker: ActionTracker): void {
  const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
  const server = serverSpanContext(navigation);
  const serverSpan = server && trace.wrapSpanContext(server);
  const action = tracker.open({
    type: ActionType.LOAD,
    name: `loading of page ${routeName(new URL(location.href))}`,
    startTime: 0,
    counted: true,
    autoEnd: false,
    ...(serverSpan ? { parent: serverSpan, links: [{ context: server }] } : {}),
  });
  const onLoaded = (): void => {
    // The load event's own handlers run first; only then is loadEventEnd known.
    nativeSetTimeout(() => {
      if (action.ended) return;
      const timing = (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined) ?? navigation;
      const loadEnd = timing?.loadEventEnd || performance.now();
      if (timing) {
        addSpanNetworkEvents(action.span, timing, false, true, true);
        for (const name of DOCUMENT_TIMINGS) addSpanNetworkEvent(action.span, name, timing, true);
      }
      recordResourceTimings(core, action.span, loadEnd);
      tracker.release(action, loadEnd);
    }, 0);
  };
  if (document.readyState === 'complete') onLoaded();
  else addEventListener('load', onLoaded, { once: true });
}
