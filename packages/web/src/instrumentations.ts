import { userActionsInstrumentation } from './actions/index.js';
import type { Instrumentation } from './core/types.js';
import { errorsInstrumentation } from './errors/index.js';
import { frustrationInstrumentation } from './frustration/index.js';
import { pageChangesInstrumentation } from './page-changes/index.js';
import { fetchInstrumentation, xhrInstrumentation } from './requests/index.js';
import { userInstrumentation } from './user/index.js';
import { webVitalsInstrumentation } from './web-vitals/index.js';

/**
 * Everything `initRum` installs, in order. User actions come first so the load action is open
 * before anything else records a span.
 */
export const instrumentations: Instrumentation[] = [
  userActionsInstrumentation,
  fetchInstrumentation,
  xhrInstrumentation,
  errorsInstrumentation,
  frustrationInstrumentation,
  pageChangesInstrumentation,
  webVitalsInstrumentation,
  userInstrumentation,
];
