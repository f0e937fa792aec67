export { loadConfig, parseConfig, DEFAULT_CHROMIUM_ARGS } from './parse.js';
export { ConfigError, type ConfigIssue } from './reader.js';
export { parseDuration } from './duration.js';
export type * from './types.js';
