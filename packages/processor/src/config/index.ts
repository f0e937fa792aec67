export { loadConfig, parseConfig, DEFAULT_LIMITS, DEFAULT_MAX_PAGE_GROUPS, type ApplicationConfig, type ExportersConfig, type LimitsConfig, type ProcessorConfig, type ServerConfig } from './config.js';
export { ConfigError } from './fields.js';
