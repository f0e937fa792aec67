import { ActionType, ATTR_RUM_ACTION_TARGET } from '@otel-rum/semconv';
import type { RumCore } from '../core/types.js';
import { describeElement } from '../privacy/index.js';
import { INTERACTION_WINDOW_MS, type ActionTracker } from './action-tracker.js';

const VERBS: Record<string, string> = { click: 'click on', submit: 'submit of', keydown: 'keypress on' };

/**
 * Opens an `xhr` action candidate for every click, form submit and Enter key. The candidate becomes
 * a user action when it triggers a request; otherwise it closes unsent, having started no span (its
 * signals still tell the frustration detectors about the click). The element is described now: the
 * page's handlers, which run after this capture listener, often change its label. Returns the
 * uninstaller.
 */
export function trackInteractions(core: RumCore, tracker: ActionTracker): () => void {
  let lastOpenedAt = -Infinity;
  const onInteraction = (event: Event): void => {
    if (event.type === 'keydown' && (event as KeyboardEvent).key !== 'Enter') return;
    const now = performance.now();
    // One gesture fires several events (Enter → synthetic click → submit): the first one names the action.
    const follows = event.type === 'submit' || (event.type === 'click' && (event as MouseEvent).detail === 0);
    if (follows && now - lastOpenedAt < INTERACTION_WINDOW_MS) return;
    const element = event.composedPath()[0];
    if (!(element instanceof Element)) return;
    lastOpenedAt = now;
    const { name, target } = describeElement(element, core.options.privacy.maskAllText, VERBS[event.type]);
    tracker.open({ type: ActionType.XHR, name, attributes: { [ATTR_RUM_ACTION_TARGET]: target }, trigger: event, counted: false, autoEnd: true });
  };
  const options = { capture: true, passive: true };
  for (const type of Object.keys(VERBS)) addEventListener(type, onInteraction, options);
  return () => {
    for (const type of Object.keys(VERBS)) removeEventListener(type, onInteraction, options);
  };
}
