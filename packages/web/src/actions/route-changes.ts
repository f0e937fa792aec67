import { ActionType } from '@otel-rum/semconv';
import type { RumCore } from '../core/types.js';
import type { ActionTracker } from './action-tracker.js';

/** The path a user would call the page; a hash route (`#/cart`) is part of it, other fragments are not. */
export function routeName(url: URL): string {
  return url.pathname + (/^#[/!]/.test(url.hash) ? url.hash.split('?')[0]! : '');
}

/**
 * SPA navigations: history.pushState/replaceState, back/forward (popstate) and hash changes each
 * open a `route_change` action (with the requests they trigger) and emit `navigation`.
 */
export function trackRouteChanges(core: RumCore, tracker: ActionTracker): () => void {
  let currentUrl = location.href;
  const onChange = (): void => {
    const previousUrl = currentUrl;
    if (location.href === previousUrl) return;
    currentUrl = location.href;
    tracker.open({ type: ActionType.ROUTE_CHANGE, name: `route change to ${routeName(new URL(currentUrl))}`, counted: true, autoEnd: true });
    core.signals.emit('navigation', { url: currentUrl, previousUrl });
  };
  const originalPushState = history.pushState;
  const originalReplaceState = history.replaceState;
  const pushState: typeof history.pushState = function (this: History, ...args) {
    originalPushState.apply(this, args);
    onChange();
  };
  const replaceState: typeof history.replaceState = function (this: History, ...args) {
    originalReplaceState.apply(this, args);
    onChange();
  };
  history.pushState = pushState;
  history.replaceState = replaceState;
  addEventListener('popstate', onChange);
  addEventListener('hashchange', onChange);
  return () => {
    if (history.pushState === pushState) history.pushState = originalPushState;
    if (history.replaceState === replaceState) history.replaceState = originalReplaceState;
    removeEventListener('popstate', onChange);
    removeEventListener('hashchange', onChange);
  };
}
