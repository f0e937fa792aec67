export { RunTracing } from './tracing.js';
export { SyntheticMetrics } from './metrics.js';
export { Logger, type LogFields, type LogLevel } from './logger.js';
