// Run on the same core as the server: bare JSON.parse of the very bytes the JSON scenarios send (the
// baseline the JSON path is compared with), and the decoders alone, for the record. Reads the
// payloads from the directory the runner wrote; prints spans per CPU second as JSON.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { JsonTraceDecoder, ProtobufTraceDecoder } from '@otel-rum/processor';

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

const results: Record<string, number> = {};
const protobuf = new ProtobufTraceDecoder(limits);
const json = new JsonTraceDecoder(limits);
for (const size of process.argv.slice(4)) {
  const jsonPayloads = load(`json-${size}`);
  const protobufPayloads = load(`protobuf-${size}`);
  results[`JSON.parse-${size}`] = measure((body) => JSON.parse(body.toString('utf8')), jsonPayloads);
  results[`json-decoder-${size}`] = measure((body) => json.decode(body), jsonPayloads);
  results[`protobuf-decoder-${size}`] = measure((body) => protobuf.decode(body), protobufPayloads);
}
console.log(JSON.stringify(results));
