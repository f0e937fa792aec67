export { SessionBaggageSpanProcessor } from './session-baggage-span-processor.js';
export { rumCorrelation, type RumCorrelationConfig, type RumCorrelationOptions } from './rum-correlation.js';
export {
  addServerTimingTraceparent,
  serverTimingTraceparent,
  traceparentMetaTag,
  traceparentOf,
  type HeaderTarget,
} from './page-load.js';
