export { runHttpMonitor } from './http.js';
export { runClickpathMonitor } from './clickpath.js';
export { BrowserProvider, syntheticUserAgent } from './browsers.js';
export { evaluateJsonPath } from './json-path.js';
