export * from './config/index.js';
export * from './vault/index.js';
export * from './runner/index.js';
export * from './monitors/index.js';
export * from './telemetry/index.js';
export * from './service/index.js';
export * from './cli/index.js';
