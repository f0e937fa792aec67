#!/usr/bin/env node
import { runCli } from './cli/main.js';

const stopSignal = new Promise<void>((resolve) => {
  process.once('SIGINT', () => resolve());
  process.once('SIGTERM', () => resolve());
});

runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, stopSignal })
  .then((code) => {
    process.exitCode = code;
    // Whatever a library left open (keep-alive sockets) must not hold a finished command.
    process.exit();
  })
  .catch((error: unknown) => {
    console.error(error);
    process.exit(70);
  });
