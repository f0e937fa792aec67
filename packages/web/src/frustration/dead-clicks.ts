import { ATTR_RUM_ACTION_NAME, ATTR_RUM_ACTION_TARGET, ATTR_RUM_FRUSTRATION_TARGET_INTERACTIVE, EventType } from '@otel-rum/semconv';
import { nativeClearTimeout, nativeSetTimeout } from '../core/timers.js';
import type { RumCore } from '../core/types.js';
import { clickedElement, looksInteractive } from './clicks.js';
import type { FrustrationOptions } from './options.js';

/** Clicks here change state the DOM does not show (typing, toggling, drawing): never dead. */
const NEVER_DEAD_SELECTOR = 'input, textarea, select, option, label, canvas, video, audio, [contenteditable]:not([contenteditable="false"])';

/** A click on a link the page lets the browser follow starts a navigation, whatever else happens. */
const followsLink = (event: MouseEvent, element: Element): boolean => element.closest('a[href]') !== null && !event.defaultPrevented;

interface PendingClick {
  event: MouseEvent;
  element: Element;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * Dead clicks (SPEC §2): a click after which, for `deadClickDelayMs`, nothing happens — no
 * navigation, no request, no DOM mutation, no window opened, no scroll, no text selected. Any of
 * those settles every click waiting at the time. The mutation observer only runs while a click
 * waits. Repeated clicks on an element that is still silent make one dead click, not one each.
 */
export function watchDeadClicks(core: RumCore, options: FrustrationOptions): () => void {
  const pending = new Set<PendingClick>();
  const mutations = new MutationObserver(() => somethingHappened());

  function somethingHappened(): void {
    if (pending.size === 0) return;
    for (const click of pending) nativeClearTimeout(click.timer);
    pending.clear();
    mutations.disconnect();
  }

  const declareDead = (click: PendingClick): void => {
    pending.delete(click);
    if (pending.size === 0) mutations.disconnect();
    const { name, target } = core.describeElement(click.element);
    core.recordEvent(EventType.DEAD_CLICK, EventType.DEAD_CLICK, {
      startTime: click.event.timeStamp,
      parent: null,
      attributes: {
        [ATTR_RUM_ACTION_TARGET]: target,
        [ATTR_RUM_ACTION_NAME]: name,
        [ATTR_RUM_FRUSTRATION_TARGET_INTERACTIVE]: looksInteractive(click.element),
      },
    });
  };

  const onClick = (event: MouseEvent): void => {
    const element = clickedElement(event);
    if (!element || element.closest(NEVER_DEAD_SELECTOR) || (element as HTMLElement).isContentEditable) return;
    // Clicking again on an element that has not answered yet is the same dead click (or a rage click).
    for (const click of pending) if (click.element === element) return;
    if (pending.size === 0) mutations.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
    const click: PendingClick = { event, element, timer: nativeSetTimeout(() => declareDead(click), options.deadClickDelayMs) };
    pending.add(click);
  };
  // The page's handlers run after this capture listener; whether they let a link navigate is known
  // only once the event has gone through them all.
  const afterClick = (event: MouseEvent): void => {
    const element = clickedElement(event);
    if (element && followsLink(event, element)) somethingHappened();
  };
  const onSelectionChange = (): void => {
    if (getSelection()?.isCollapsed === false) somethingHappened();
  };
  const onHidden = (): void => {
    if (document.visibilityState === 'hidden') somethingHappened();
  };
  const originalOpen = window.open;
  const patchedOpen: typeof window.open = function (this: Window, ...args) {
    somethingHappened();
    return originalOpen.apply(this, args);
  };
  window.open = patchedOpen;

  const stopSignals = [
    core.signals.on('request-start', somethingHappened),
    core.signals.on('navigation', somethingHappened),
  ];
  const listeners: [EventTarget, string, EventListener, AddEventListenerOptions][] = [
    [window, 'click', onClick as EventListener, { capture: true, passive: true }],
    [window, 'click', afterClick as EventListener, { passive: true }],
    [document, 'scroll', somethingHappened, { capture: true, passive: true }],
    [document, 'selectionchange', onSelectionChange, { passive: true }],
    [document, 'submit', somethingHappened, { capture: true, passive: true }],
    [window, 'visibilitychange', onHidden, { capture: true }],
    [window, 'pagehide', somethingHappened, { capture: true }],
  ];
  for (const [target, type, listener, listenerOptions] of listeners) target.addEventListener(type, listener, listenerOptions);
  return () => {
    for (const [target, type, listener, listenerOptions] of listeners) target.removeEventListener(type, listener, listenerOptions);
    for (const stop of stopSignals) stop();
    if (window.open === patchedOpen) window.open = originalOpen;
    somethingHappened();
  };
}
