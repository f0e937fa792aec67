export { discardedSpans, SpanTransport, type TransportOptions } from './span-transport.js';
export { encodeSpans } from './otlp-json.js';
