export { fetchInstrumentation } from './fetch.js';
export { xhrInstrumentation } from './xhr.js';
export { shouldPropagate } from './propagation.js';
