export { runHttpMonitor } from './http.js';
export { runClickpathMonitor } from './clickpath.js';
export { BrowserProvider } from './browsers.js';
export { syntheticUserAgent } from './user-agent.js';
export { evaluateJsonPath } from './json-path.js';
