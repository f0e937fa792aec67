export {
  continuationId,
  DEFAULT_CLOSE_GRACE_MS,
  DEFAULT_CLOSED_RETENTION_MS,
  Sessionizer,
  type SessionizerOptions,
  type SessionizerSnapshot,
} from './sessionizer.js';
export type { SerializedSession } from './session.js';
