import type { Instrumentation } from '../core/types.js';
import { watchDeadClicks } from './dead-clicks.js';
import { watchErrorClicks } from './error-clicks.js';
import { watchRageClicks } from './rage-clicks.js';

export { DEFAULT_FRUSTRATION_OPTIONS, type FrustrationOptions, type RageClick } from './options.js';

/** Rage, dead and error clicks, each switchable through `initRum({ frustration })`. */
export const frustrationInstrumentation: Instrumentation = {
  name: 'frustration',
  install(core) {
    const options = core.options.frustration;
    const stops = [
      options.rageClicks && watchRageClicks(core, options),
      options.deadClicks && watchDeadClicks(core, options),
      options.errorClicks && watchErrorClicks(core, options),
    ].filter((stop) => stop !== false);
    return () => {
      for (const stop of stops) stop();
    };
  },
};
