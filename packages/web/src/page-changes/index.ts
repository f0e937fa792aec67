import { ATTR_RUM_PAGE_REFERRER, ATTR_URL_PATH, EventType } from '@otel-rum/semconv';
import { routeName } from '../actions/route-changes.js';
import type { Instrumentation, RumCore } from '../core/types.js';

function recordPageChange(core: RumCore, url: string, referrer: string): void {
  core.recordEvent(EventType.PAGE_CHANGE, EventType.PAGE_CHANGE, {
    attributes: {
      // A hash route (`#/cart`) is a page of its own in a hash-routed SPA.
      [ATTR_URL_PATH]: routeName(new URL(url, location.href)),
      ...(referrer ? { [ATTR_RUM_PAGE_REFERRER]: core.sanitizeUrl(referrer) } : {}),
    },
  });
}

/** A `page_change` span for the page that loaded and for each SPA route change after it (the `navigation` signal). */
export const pageChangesInstrumentation: Instrumentation = {
  name: 'page-changes',
  install(core) {
    recordPageChange(core, location.href, document.referrer);
    return core.signals.on('navigation', ({ url, previousUrl }) => recordPageChange(core, url, previousUrl));
  },
};
