export { Synthetic, type SyntheticOptions } from './synthetic.js';
export { SyntheticApi } from './api.js';
export { Scheduler } from './scheduler.js';
