// The processor under load: started from the library as the CLI starts it, on the core the runner
// pins it to, with limits opened up so that only throughput is measured. Prints its port.

import { parseConfig, startProcessor } from '@otel-rum/processor';
import { BENCH_APPLICATION_ID } from './payloads.js';

const config = parseConfig(
  {
    server: { host: '127.0.0.1', httpPort: 0 },
    limits: { maxBodyBytes: 16 * 1024 * 1024, maxDecompressedBytes: 64 * 1024 * 1024, rateLimit: { requestsPerSecond: 1e9, burst: 1e9 } },
    applications: [{ id: BENCH_APPLICATION_ID, allowedOrigins: ['*'], sessions: { inactivityTimeoutSeconds: 3600 } }],
  },
  process.cwd(),
);
const quiet = { info: () => {}, warn: () => {}, error: (message: string) => console.error(message) };
const service = await startProcessor(config, { logger: quiet });
console.log(JSON.stringify({ port: service.httpPort }));
process.once('SIGTERM', () => void service.shutdown().then(() => process.exit(0)));
