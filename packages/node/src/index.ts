export * from './correlation/index.js';
export * from './custom-app/index.js';
