import {
  ATTR_RUM_ACTION_NAME,
  ATTR_RUM_ACTION_TARGET,
  ATTR_RUM_FRUSTRATION_CLICK_COUNT,
  DOM_ATTR_IGNORE_RAGE,
  EventType,
} from '@otel-rum/semconv';
import { nativeClearTimeout, nativeSetTimeout } from '../core/timers.js';
import type { RumCore } from '../core/types.js';
import { callSafely, clickedElement } from './clicks.js';
import type { FrustrationOptions } from './options.js';

interface Burst {
  element: Element;
  x: number;
  y: number;
  clickCount: number;
  lastClick: Event;
}

/** A double or triple click that selected text in the element is reading, not rage. */
function selectsText(event: MouseEvent, element: Element): boolean {
  if (event.detail < 2) return false;
  const selection = getSelection();
  return selection !== null && !selection.isCollapsed && selection.containsNode(element, true);
}

/**
 * Rage clicks (SPEC §2): a burst of clicks, each within `rageClickWindowMs` of the previous, on the
 * same element or within `rageClickRadiusPx` of the first. The span is recorded once the burst ends
 * (a pause), or at once when the page is hidden or left so a user who rage-clicks and leaves is seen.
 */
export function watchRageClicks(core: RumCore, options: FrustrationOptions): () => void {
  const ignored = [`[${DOM_ATTR_IGNORE_RAGE}]`, ...options.rageClickIgnoreSelectors].join(', ');
  let burst: Burst | undefined;
  let pauseTimer: ReturnType<typeof setTimeout> | undefined;

  const endBurst = (): void => {
    nativeClearTimeout(pauseTimer);
    const ended = burst;
    burst = undefined;
    if (!ended || ended.clickCount < options.rageClickMinClicks) return;
    const { name, target } = core.describeElement(ended.element);
    core.recordEvent(EventType.RAGE_CLICK, EventType.RAGE_CLICK, {
      startTime: ended.lastClick.timeStamp,
      parent: null,
      attributes: { [ATTR_RUM_FRUSTRATION_CLICK_COUNT]: ended.clickCount, [ATTR_RUM_ACTION_TARGET]: target, [ATTR_RUM_ACTION_NAME]: name },
    });
    callSafely('onRageClick', options.onRageClick, { clickCount: ended.clickCount, target, element: ended.element });
  };

  const onClick = (event: MouseEvent): void => {
    const element = clickedElement(event);
    if (!element || element.closest(ignored) || selectsText(event, element)) return;
    const continues = burst !== undefined
      && event.timeStamp - burst.lastClick.timeStamp <= options.rageClickWindowMs
      && (element === burst.element || Math.hypot(event.clientX - burst.x, event.clientY - burst.y) <= options.rageClickRadiusPx);
    if (burst && continues) {
      burst.clickCount += 1;
      burst.lastClick = event;
    } else {
      endBurst();
      burst = { element, x: event.clientX, y: event.clientY, clickCount: 1, lastClick: event };
    }
    nativeClearTimeout(pauseTimer);
    pauseTimer = nativeSetTimeout(endBurst, options.rageClickWindowMs);
  };
  const onHidden = (): void => {
    if (document.visibilityState === 'hidden') endBurst();
  };

  // Capture on window runs before the page's own handlers (which may stop propagation) and before
  // the transport's flush on the same `visibilitychange`/`pagehide`.
  window.addEventListener('click', onClick, { capture: true, passive: true });
  window.addEventListener('visibilitychange', onHidden, { capture: true });
  window.addEventListener('pagehide', endBurst, { capture: true });
  return () => {
    window.removeEventListener('click', onClick, { capture: true });
    window.removeEventListener('visibilitychange', onHidden, { capture: true });
    window.removeEventListener('pagehide', endBurst, { capture: true });
    endBurst();
  };
}
