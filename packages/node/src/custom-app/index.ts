export { createRumSession, type RumAction, type RumSession } from './rum-session.js';
export { ExportProtocol, type RumSessionOptions } from './options.js';
