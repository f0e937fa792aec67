export { runCli, ExitCode, type CliIo } from './main.js';
