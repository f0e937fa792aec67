import { ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  addServerTimingTraceparent,
  rumCorrelation,
  serverTimingTraceparent,
  SessionBaggageSpanProcessor,
  traceparentMetaTag,
  traceparentOf,
} from '../src/index.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';
const serverSpan = (traceFlags = TraceFlags.SAMPLED) => trace.setSpanContext(ROOT_CONTEXT, { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags });
const response = () => new ServerResponse(new IncomingMessage(new Socket()));

describe('page-load trace context in the HTML response', () => {
  it('renders the current span as a Server-Timing entry and a meta tag', () => {
    expect(traceparentOf(serverSpan())).toBe(`00-${TRACE_ID}-${SPAN_ID}-01`);
    expect(serverTimingTraceparent(serverSpan())).toBe(`traceparent;desc="00-${TRACE_ID}-${SPAN_ID}-01"`);
    expect(traceparentMetaTag(serverSpan())).toBe(`<meta name="traceparent" content="00-${TRACE_ID}-${SPAN_ID}-01">`);
  });

  it('keeps the sampling decision of the server span', () => {
    expect(traceparentOf(serverSpan(TraceFlags.NONE))).toBe(`00-${TRACE_ID}-${SPAN_ID}-00`);
  });

  it('renders nothing without a current span', () => {
    expect(traceparentOf(ROOT_CONTEXT)).toBeUndefined();
    expect(serverTimingTraceparent(ROOT_CONTEXT)).toBeUndefined();
    expect(traceparentMetaTag(ROOT_CONTEXT)).toBe('');
    const res = response();
    addServerTimingTraceparent(res, ROOT_CONTEXT);
    expect(res.getHeader('server-timing')).toBeUndefined();
  });

  it('adds to the Server-Timing entries a response already has', () => {
    const res = response();
    res.setHeader('Server-Timing', ['db;dur=53', 'cache;desc="hit"']);
    addServerTimingTraceparent(res, serverSpan());
    expect(res.getHeader('server-timing')).toBe(`db;dur=53, cache;desc="hit", traceparent;desc="00-${TRACE_ID}-${SPAN_ID}-01"`);
  });
});

describe('rumCorrelation()', () => {
  it('puts the session processor before the exporting ones and propagates trace context and baggage', () => {
    const config = rumCorrelation({ traceExporter: new InMemorySpanExporter() });
    expect(config.spanProcessors).toHaveLength(2);
    expect(config.spanProcessors[0]).toBeInstanceOf(SessionBaggageSpanProcessor);
    expect(config.textMapPropagator.fields()).toEqual(['traceparent', 'tracestate', 'baggage']);
  });

  it('refuses an exporter and span processors at once, rather than dropping one', () => {
    expect(() => rumCorrelation({ traceExporter: new InMemorySpanExporter(), spanProcessors: [] })).toThrow(/spanProcessors or traceExporter, not both/);
  });
});
