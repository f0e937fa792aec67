import { userActionsInstrumentation } from './actions/index.js';
import type { Instrumentation } from './core/types.js';
import { fetchInstrumentation, xhrInstrumentation } from './requests/index.js';

/**
 * Everything `initRum` installs, in order. User actions come first so the load action is open
 * before anything else records a span.
 */
export const instrumentations: Instrumentation[] = [
  userActionsInstrumentation,
  fetchInstrumentation,
  xhrInstrumentation,
];
