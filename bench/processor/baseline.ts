// Run on the same core as the server: bare JSON.parse of the very bytes the JSON scenarios send (the
// baseline the JSON path is compared with); for the record, the decoders alone and the whole path
// in-process without HTTP (gunzip, decode, pipeline, sessionizer, metrics). Reads the payloads from
// the directory the runner wrote; prints spans per CPU second as JSON.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, gunzipSync } from 'node:zlib';
import { IngestPipeline, JsonTraceDecoder, parseConfig, ProtobufTraceDecoder, RumMetrics, Sessionizer } from '@otel-rum/processor';
import { BENCH_APPLICATION_ID } from './payloads.js';

const directory = process.argv[2]!;
const durationMs = Number(process.argv[3] ?? 3000);
const limits = { maxAttributes: 128, maxValueLength: 4096 };

function load(scenario: string): { bodies: Buffer[]; spans: number[] } {
  const files = readdirSync(directory).filter((name) => name.startsWith(`${scenario}.`)).sort();
  const bodies = files.map((name) => readFileSync(join(directory, name)));
  const spans = files.map((name) => Number(name.split('.')[1]));
  return { bodies, spans };
}

function measure(work: (body: Buffer) => unknown, { bodies, spans }: { bodies: Buffer[]; spans: number[] }): number {
  const run = (ms: number): number => {
    const start = process.cpuUsage();
    const deadline = performance.now() + ms;
    let count = 0;
    for (let index = 0; performance.now() < deadline; index = (index + 1) % bodies.length) {
      work(bodies[index]!);
      count += spans[index]!;
    }
    const used = process.cpuUsage(start);
    return count / ((used.user + used.system) / 1e6);
  };
  run(durationMs / 3);
  return run(durationMs);
}

const config = parseConfig({ applications: [{ id: BENCH_APPLICATION_ID, allowedOrigins: ['*'], sessions: { inactivityTimeoutSeconds: 3600 } }] }, process.cwd());
const metrics = new RumMetrics();
const sessionizer = new Sessionizer({ clock: Date.now, settingsFor: () => config.applications[0]!.settings });
const pipeline = new IngestPipeline(config, {
  ingestSpans: (spans) => sessionizer.ingest(spans),
  recordSpans: (spans, ratings) => metrics.recordSpans(spans, ratings),
  spansReceived: (transport, count) => metrics.spansReceived(transport, count),
  spansRejected: (reason, count) => metrics.spansRejected(reason, count),
  attributesLimited: (reason, count) => metrics.attributesLimited(reason, count),
});
const context = { transport: 'http', clientAddress: '198.51.100.23', viaCollector: false, receivedMs: Date.now() };
const gzipped = (payloads: { bodies: Buffer[]; spans: number[] }) => ({ bodies: payloads.bodies.map((body) => gzipSync(body)), spans: payloads.spans });

const results: Record<string, number> = {};
const protobuf = new ProtobufTraceDecoder(limits);
const json = new JsonTraceDecoder(limits);
for (const size of process.argv.slice(4)) {
  const jsonPayloads = load(`json-${size}`);
  const protobufPayloads = load(`protobuf-${size}`);
  results[`JSON.parse-${size}`] = measure((body) => JSON.parse(body.toString('utf8')), jsonPayloads);
  results[`json-decoder-${size}`] = measure((body) => json.decode(body), jsonPayloads);
  results[`protobuf-decoder-${size}`] = measure((body) => protobuf.decode(body), protobufPayloads);
  results[`json-in-process-${size}`] = measure((body) => pipeline.ingest(json.decode(gunzipSync(body)), context), gzipped(jsonPayloads));
  results[`protobuf-in-process-${size}`] = measure((body) => pipeline.ingest(protobuf.decode(gunzipSync(body)), context), gzipped(protobufPayloads));
}
console.log(JSON.stringify(results));
