export * from './attributes.js';
export * from './enums.js';
export * from './session.js';
export * from './summary.js';
export * from './metrics.js';
export * from './synthetic.js';
