import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { describe, expect, it } from 'vitest';
import { ATTR_RUM_APPLICATION_ID, ATTR_RUM_EVENT_TYPE, ATTR_RUM_SESSION_ID, ATTR_HTTP_RESPONSE_STATUS_CODE, EventType } from '@otel-rum/semconv';
import { JsonTraceDecoder, MalformedOtlp, ProtobufTraceDecoder, type DecodedRequest } from '../src/otlp/index.js';
import { browserResource, RumPage } from './support/rum-client.js';

const limits = { maxAttributes: 128, maxValueLength: 4096 };

function recordedPage(extraAttributes: Record<string, string> = {}) {
  const page = new RumPage(new InMemorySpanExporter(), browserResource('app-1'));
  const startMs = Date.UTC(2026, 0, 2, 3, 4, 5, 678);
  page.userAction('click on "Add to cart"', { startMs, durationMs: 1234.5, attributes: extraAttributes });
  page.request(503, { startMs: startMs + 10 });
  page.error('boom', { startMs: startMs + 20 });
  return { page, spans: page.takeSpans(), startMs };
}

function expectDecoded(decoded: DecodedRequest, sessionId: string, startMs: number): void {
  expect(decoded.spanCount).toBe(3);
  expect(decoded.resources).toHaveLength(1);
  const [resource] = decoded.resources;
  expect(resource!.attributes[ATTR_RUM_APPLICATION_ID]).toBe('app-1');
  expect(resource!.attributes['browser.mobile']).toBe(false);
  expect(resource!.attributes['dt.rum.screen.width']).toBe(1920);
  const [action, request, error] = resource!.spans;
  expect(action!.name).toBe('click on "Add to cart"');
  expect(action!.traceId).toMatch(/^[0-9a-f]{32}$/);
  expect(action!.spanId).toMatch(/^[0-9a-f]{16}$/);
  expect(action!.startTimeMs).toBeCloseTo(startMs, 3);
  expect(action!.endTimeMs - action!.startTimeMs).toBeCloseTo(1234.5, 3);
  expect(action!.attributes[ATTR_RUM_SESSION_ID]).toBe(sessionId);
  expect(action!.attributes[ATTR_RUM_EVENT_TYPE]).toBe(EventType.USER_ACTION);
  expect(action!.statusError).toBe(false);
  expect(request!.attributes[ATTR_HTTP_RESPONSE_STATUS_CODE]).toBe(503);
  expect(error!.statusError).toBe(true);
}

describe('OTLP decoding', () => {
  it('reads what the official protobuf serializer writes', () => {
    const { page, spans, startMs } = recordedPage();
    const bytes = ProtobufTraceSerializer.serializeRequest(spans)!;
    expectDecoded(new ProtobufTraceDecoder(limits).decode(Buffer.from(bytes)), page.sessionId, startMs);
  });

  it('reads what the official JSON serializer writes', () => {
    const { page, spans, startMs } = recordedPage();
    const bytes = JsonTraceSerializer.serializeRequest(spans)!;
    expectDecoded(new JsonTraceDecoder(limits).decode(Buffer.from(bytes)), page.sessionId, startMs);
  });

  it('gives every span its own value where a value repeats, differs by a byte, or is empty, across requests', () => {
    const decoder = new ProtobufTraceDecoder(limits);
    // Bytes are compared four at a time, then one by one: differences in either part, and in length.
    const long = 'form#checkout > button.pay';
    const differingAt = (index: number) => `${long.slice(0, index)}X${long.slice(index + 1)}`;
    const runs = [['abc', 'abc', 'abd', '', 'abd'], ['', 'abd', 'abc'], [long, long, differingAt(25), long, differingAt(0), long, differingAt(10), long, differingAt(23), long, `${long}!`, long]];
    for (const labels of runs) {
      const page = new RumPage(new InMemorySpanExporter(), browserResource('app-1'));
      for (const label of labels) page.userAction('click', { attributes: { 'dt.rum.action.target': label } });
      const decoded = decoder.decode(Buffer.from(ProtobufTraceSerializer.serializeRequest(page.takeSpans())!));
      expect(decoded.resources[0]!.spans.map((span) => span.attributes['dt.rum.action.target'])).toEqual(labels);
    }
  });

  it('tells apart keys that differ in one byte at the same attribute position', () => {
    const decoder = new ProtobufTraceDecoder(limits);
    const page = new RumPage(new InMemorySpanExporter(), browserResource('app-1'));
    const keys = ['app.checkout.step', 'app.checkout.stex', 'app.checkoux.step', 'app.checkout.steps', 'app.checkout.step'];
    for (const key of keys) page.userAction('click', { attributes: { [key]: key } });
    const decoded = decoder.decode(Buffer.from(ProtobufTraceSerializer.serializeRequest(page.takeSpans())!));
    expect(decoded.resources[0]!.spans.map((span) => Object.keys(span.attributes).filter((key) => key.startsWith('app.')))).toEqual(keys.map((key) => [key]));
  });

  it('decodes non-ASCII values and the same keys again and again through its intern table', () => {
    const decoder = new ProtobufTraceDecoder(limits);
    for (const label of ['grüße', 'ok', 'grüßen', '日本語のボタン']) {
      const { spans } = recordedPage({ 'dt.rum.action.target': label });
      const decoded = decoder.decode(Buffer.from(ProtobufTraceSerializer.serializeRequest(spans)!));
      expect(decoded.resources[0]!.spans[0]!.attributes['dt.rum.action.target']).toBe(label);
    }
  });

  it('drops attributes past the count limit and cuts long values, counting both', () => {
    const many = Object.fromEntries(Array.from({ length: 20 }, (_, index) => [`custom.${index}`, 'x'.repeat(index === 3 ? 500 : 5)]));
    const { spans } = recordedPage(many);
    const small = { maxAttributes: 12, maxValueLength: 200 };
    for (const decoded of [
      new ProtobufTraceDecoder(small).decode(Buffer.from(ProtobufTraceSerializer.serializeRequest(spans)!)),
      new JsonTraceDecoder(small).decode(Buffer.from(JsonTraceSerializer.serializeRequest(spans)!)),
    ]) {
      const action = decoded.resources[0]!.spans[0]!;
      expect(Object.keys(action.attributes)).toHaveLength(12);
      expect(decoded.droppedAttributes).toBeGreaterThan(0);
      expect(decoded.truncatedValues).toBe(1);
      expect(action.attributes['custom.3']).toBe('x'.repeat(200));
    }
  });

  it('refuses truncated, random and wrongly shaped bodies with MalformedOtlp', () => {
    const bytes = Buffer.from(ProtobufTraceSerializer.serializeRequest(recordedPage().spans)!);
    const protobuf = new ProtobufTraceDecoder(limits);
    for (let cut = 1; cut < bytes.length; cut += 7) {
      expect(() => protobuf.decode(bytes.subarray(0, cut)), `cut at ${cut}`).toThrow(MalformedOtlp);
    }
    expect(() => protobuf.decode(Buffer.from('{"resourceSpans":[]}'))).toThrow(MalformedOtlp);
    const json = new JsonTraceDecoder(limits);
    for (const body of ['{', '[]', '{"resourceSpans":{}}', '{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"zz"}]}]}]}', '{"resourceSpans":[{"scopeSpans":[{"spans":[{"attributes":[{"value":1}]}]}]}]}']) {
      expect(() => json.decode(Buffer.from(body)), body).toThrow(MalformedOtlp);
    }
  });
});
