import { SpanStatusCode, type Attributes } from '@opentelemetry/api';
import {
  ATTR_EXCEPTION_MESSAGE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_RUM_ERROR_TYPE,
  ErrorType,
  EventType,
  SPAN_EVENT_EXCEPTION,
} from '@otel-rum/semconv';
import { toHrTime } from '../core/clock.js';
import type { Instrumentation, RumCore } from '../core/types.js';
import { describeThrown, exceptionAttributes } from './describe-error.js';

/**
 * Records one error as SPEC §2 says: a zero-length span with an `exception` event and status ERROR,
 * child of the open user action, which is marked ERROR and gets the exception event too.
 */
function recordError(core: RumCore, errorType: ErrorType, exception: Attributes, extra: Attributes = {}): void {
  const action = core.currentAction();
  const now = toHrTime();
  const span = core.startSpan(EventType.ERROR, EventType.ERROR, { startTime: now, attributes: { [ATTR_RUM_ERROR_TYPE]: errorType, ...extra } });
  const status = { code: SpanStatusCode.ERROR, message: String(exception[ATTR_EXCEPTION_MESSAGE] ?? '') };
  span.addEvent(SPAN_EVENT_EXCEPTION, exception, now);
  span.setStatus(status);
  span.end(now);
  if (action) {
    action.addEvent(SPAN_EVENT_EXCEPTION, exception, now);
    action.setStatus(status);
  }
  core.signals.emit('error', { spanContext: span.spanContext(), errorType });
}

/** A failed request: answered with a status ≥ 400, or no answer at all (status 0). */
const isFailedStatus = (status: number): boolean => status === 0 || status >= 400;

/** Uncaught errors, unhandled rejections, failed requests, CSP violations and `reportError()`. */
export const errorsInstrumentation: Instrumentation = {
  name: 'errors',
  install(core) {
    const onError = (event: ErrorEvent): void => {
      // Cross-origin scripts without CORS report "Script error." and no error object: keep where it came from.
      const exception = event.error !== undefined && event.error !== null
        ? describeThrown(event.error, 'Error')
        : exceptionAttributes('Error', event.message || 'Script error.', event.filename ? `at ${core.sanitizeUrl(event.filename)}:${event.lineno}:${event.colno}` : undefined);
      recordError(core, ErrorType.JAVASCRIPT, exception);
    };
    const onRejection = (event: PromiseRejectionEvent): void => {
      recordError(core, ErrorType.JAVASCRIPT, describeThrown(event.reason, 'UnhandledRejection'));
    };
    const onCspViolation = (event: SecurityPolicyViolationEvent): void => {
      const blocked = /^https?:/.test(event.blockedURI) ? core.sanitizeUrl(event.blockedURI) : event.blockedURI || 'inline';
      const source = event.sourceFile ? `at ${core.sanitizeUrl(event.sourceFile)}:${event.lineNumber}:${event.columnNumber}` : undefined;
      recordError(core, ErrorType.CSP_VIOLATION, exceptionAttributes('SecurityPolicyViolation', `${event.effectiveDirective} blocked ${blocked}`, source));
    };
    const stopRequests = core.signals.on('request-end', ({ url, method, status }) => {
      if (!isFailedStatus(status)) return;
      const target = `${method} ${core.sanitizeUrl(url)}`;
      const exception = status === 0
        ? exceptionAttributes('NetworkError', `${target} failed without a response`, undefined)
        : exceptionAttributes('HttpError', `${target} answered ${status}`, undefined);
      recordError(core, ErrorType.REQUEST, exception, status === 0 ? { [ATTR_HTTP_REQUEST_METHOD]: method } : { [ATTR_HTTP_REQUEST_METHOD]: method, [ATTR_HTTP_RESPONSE_STATUS_CODE]: status });
    });

    // Listening on `window` (not capture) leaves out resource load failures, which are not script errors.
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onRejection);
    document.addEventListener('securitypolicyviolation', onCspViolation);
    core.provideApi({
      reportError(error: unknown) {
        recordError(core, ErrorType.CUSTOM, describeThrown(error, 'Error'));
      },
    });
    return () => {
      window.removeEventListener('error', onError);
      window.removeEventListener('unhandledrejection', onRejection);
      document.removeEventListener('securitypolicyviolation', onCspViolation);
      stopRequests();
    };
  },
};
