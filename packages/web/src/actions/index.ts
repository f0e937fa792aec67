import { ActionType } from '@otel-rum/semconv';
import type { Instrumentation } from '../core/types.js';
import { ActionTracker } from './action-tracker.js';
import { trackInteractions } from './interactions.js';
import { trackPageLoad } from './load-action.js';
import { trackRouteChanges } from './route-changes.js';
import { trackTimers } from './timers.js';

export { ActionTracker, INTERACTION_WINDOW_MS, MAX_ACTION_MS, REQUEST_LINGER_MS } from './action-tracker.js';
export { serverSpanContext } from './load-action.js';

/** User actions of SPEC §2: load, xhr (interactions that trigger requests), route_change, custom. */
export const userActionsInstrumentation: Instrumentation = {
  name: 'user-actions',
  install(core) {
    const tracker = new ActionTracker(core);
    const uninstallers = [trackTimers(tracker), trackInteractions(core, tracker), trackRouteChanges(core, tracker)];
    trackPageLoad(core, tracker);
    core.provideApi({
      enterAction(name) {
        const action = tracker.open({ type: ActionType.CUSTOM, name: String(name).slice(0, 100), counted: true, autoEnd: false });
        return { end: () => tracker.finish(action, performance.now()) };
      },
    });
    return () => {
      for (const uninstall of uninstallers) uninstall();
      tracker.stop();
    };
  },
};
