export type { RumOptions } from './core/options.js';
export type { Instrumentation, RumCore, RumSignals } from './core/types.js';
