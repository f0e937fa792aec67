export { SessionManager, type SessionListener } from './session-manager.js';
export { isSessionSampled } from './sampling.js';
