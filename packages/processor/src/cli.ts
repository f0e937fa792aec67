#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, startProcessor } from './index.js';

const USAGE = `Usage: otel-rum-processor --config <file.yaml> [--check]

Receives RUM spans over OTLP (HTTP: POST /v1/traces, protobuf or JSON, gzip; gRPC), groups them into
sessions, rates them, exports session summaries (OTLP logs, JSON lines) and Prometheus metrics
(GET /metrics). GET /healthz answers 200 while it accepts traces.

Options:
  --config <file>  YAML configuration (see config.example.yaml)
  --check          validate the configuration, print a summary and exit (0 when valid)
  --help           this text

Signals: SIGTERM or SIGINT stops taking traces, exports ended sessions and saves open ones to
state.path, from where the next start restores them.`;

async function main(): Promise<number> {
  let values: { config?: string; check?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({ options: { config: { type: 'string', short: 'c' }, check: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!values.config) {
    console.error(`--config is required\n\n${USAGE}`);
    return 2;
  }
  let config;
  try {
    config = loadConfig(values.config);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`${values.config}: ${error.message}`);
      return 1;
    }
    throw error;
  }
  if (values.check) {
    console.log(`${values.config}: valid; ${config.applications.length} application(s): ${config.applications.map((application) => application.id).join(', ')}`);
    return 0;
  }
  const service = await startProcessor(config);
  await new Promise<void>((resolve) => {
    const stop = (signal: string): void => {
      console.log(`otel-rum-processor: ${signal}, shutting down`);
      service.shutdown().then(resolve, (error: unknown) => {
        console.error('otel-rum-processor: shutdown failed:', error);
        process.exitCode = 1;
        resolve();
      });
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  return process.exitCode === undefined ? 0 : Number(process.exitCode);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('otel-rum-processor:', error);
    process.exit(1);
  },
);
