// The Collector configs, checked for structure (no otelcol binary here): every pipeline names
// components that are defined, in an order that works, with the settings the issue asks for.
import { ATTR_CLIENT_ADDRESS, ATTR_RUM_EVENT_TYPE, ATTR_SESSION_ID } from '@otel-rum/semconv';
import { describe, expect, it } from 'vitest';
import { type CollectorConfig, readYaml } from './repository.js';

/** Component types of otelcol-contrib these configs may use; a typo in a type is caught here. */
const KNOWN_TYPES = {
  receivers: ['otlp'],
  processors: ['memory_limiter', 'batch', 'attributes', 'filter'],
  exporters: ['otlp', 'otlphttp', 'loadbalancing'],
  extensions: ['health_check'],
} as const;

const typeOf = (id: string): string => id.split('/')[0] ?? id;

const COLLECTOR_CONFIGS = ['collector-config/otelcol.yaml', 'collector-config/otelcol-scaled.yaml'] as const;

describe.each(COLLECTOR_CONFIGS)('%s', (path) => {
  const config = readYaml<CollectorConfig>(path);
  const pipelines = Object.entries(config.service.pipelines);

  it('defines every component a pipeline names, and uses every component it defines', () => {
    const used = { receivers: new Set<string>(), processors: new Set<string>(), exporters: new Set<string>() };
    for (const [name, pipeline] of pipelines) {
      expect(['traces', 'metrics', 'logs']).toContain(name.split('/')[0]);
      for (const kind of ['receivers', 'processors', 'exporters'] as const) {
        for (const id of pipeline[kind] ?? []) {
          expect(Object.keys(config[kind]), `${name} names undefined ${kind} ${id}`).toContain(id);
          used[kind].add(id);
        }
      }
    }
    for (const kind of ['receivers', 'processors', 'exporters'] as const) {
      expect([...used[kind]].sort()).toEqual(Object.keys(config[kind]).sort());
    }
    for (const id of config.service.extensions ?? []) expect(Object.keys(config.extensions ?? {})).toContain(id);
  });

  it('uses only component types otelcol-contrib has', () => {
    for (const kind of ['receivers', 'processors', 'exporters', 'extensions'] as const) {
      for (const id of Object.keys(config[kind] ?? {})) expect(KNOWN_TYPES[kind] as readonly string[], `${kind} ${id}`).toContain(typeOf(id));
    }
  });

  it('accepts browser OTLP/HTTP with CORS for content-type, traceparent and baggage, keeping the request metadata', () => {
    const http = (config.receivers.otlp as { protocols: { http: Record<string, unknown> } }).protocols.http;
    expect(http.include_metadata).toBe(true);
    const cors = http.cors as { allowed_origins: string[]; allowed_headers: string[] };
    expect(cors.allowed_headers).toEqual(expect.arrayContaining(['content-type', 'traceparent', 'baggage']));
    expect(cors.allowed_origins.length).toBeGreaterThan(0);
    expect(cors.allowed_origins).not.toContain('*');
  });

  it('sets client.address from the request context', () => {
    const actions = (config.processors['attributes/client-address'] as { actions: Record<string, string>[] }).actions;
    expect(actions).toContainEqual({ key: ATTR_CLIENT_ADDRESS, from_context: 'client.address', action: 'upsert' });
  });

  it('starts every pipeline with memory_limiter, ends it with batch, and copies client.address before batching', () => {
    for (const [name, pipeline] of pipelines) {
      const processors = pipeline.processors ?? [];
      expect(processors[0], name).toBe('memory_limiter');
      expect(processors.at(-1), name).toBe('batch');
      if (name.startsWith('traces')) expect(processors.indexOf('attributes/client-address'), name).toBeGreaterThan(0);
    }
  });

  it('sends RUM spans (with dt.rum.event.type) to the processor and all traces to Tempo', () => {
    const filter = config.processors['filter/rum-only'] as { traces: { span: string[] } };
    expect(filter.traces.span).toEqual([`attributes["${ATTR_RUM_EVENT_TYPE}"] == nil`]);
    const tracePipelines = pipelines.filter(([name]) => name.startsWith('traces'));
    const rum = tracePipelines.filter(([, pipeline]) => pipeline.processors?.includes('filter/rum-only'));
    const all = tracePipelines.filter(([, pipeline]) => !pipeline.processors?.includes('filter/rum-only'));
    expect(rum).toHaveLength(1);
    expect(rum[0]?.[1].exporters.every((id) => id.endsWith('/otel-rum'))).toBe(true);
    expect(all.flatMap(([, pipeline]) => pipeline.exporters)).toEqual(['otlp/tempo']);
    // The two pipelines share the receiver, so every span reaches both.
    expect(rum[0]?.[1].receivers).toEqual(all[0]?.[1].receivers);
  });

  it('passes the session summaries (OTLP logs) on to Loki', () => {
    const logs = pipelines.filter(([name]) => name.startsWith('logs'));
    expect(logs.flatMap(([, pipeline]) => pipeline.exporters)).toEqual(['otlphttp/loki']);
  });
});

describe('collector-config/otelcol-scaled.yaml', () => {
  it('load-balances by session.id over OTLP/gRPC to several processors', () => {
    const config = readYaml<CollectorConfig>('collector-config/otelcol-scaled.yaml');
    const exporter = config.exporters['loadbalancing/otel-rum'] as {
      routing_key: string;
      routing_attributes: string[];
      protocol: Record<string, unknown>;
      resolver: { static: { hostnames: string[] } };
    };
    expect(exporter.routing_key).toBe('attributes');
    expect(exporter.routing_attributes).toEqual([ATTR_SESSION_ID]);
    expect(Object.keys(exporter.protocol)).toEqual(['otlp']);
    expect(exporter.resolver.static.hostnames.length).toBeGreaterThan(1);
  });
});
