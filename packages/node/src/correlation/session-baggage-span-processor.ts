import { propagation, type Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ATTR_RUM_SESSION_ID, ATTR_SESSION_ID, BAGGAGE_SESSION_ID, isValidSessionId } from '@otel-rum/semconv';

/**
 * Copies the RUM session id from the context's baggage onto every span that starts under it: the
 * server span of a request from an instrumented page and every span below it, since baggage lives
 * in the context they inherit. The baggage comes from the client, so a value that is not a session
 * id is ignored rather than recorded.
 */
export class SessionBaggageSpanProcessor implements SpanProcessor {
  onStart(span: Span, parentContext: Context): void {
    const sessionId = propagation.getBaggage(parentContext)?.getEntry(BAGGAGE_SESSION_ID)?.value;
    if (!isValidSessionId(sessionId)) return;
    span.setAttribute(ATTR_SESSION_ID, sessionId);
    span.setAttribute(ATTR_RUM_SESSION_ID, sessionId);
  }

  onEnd(_span: ReadableSpan): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
