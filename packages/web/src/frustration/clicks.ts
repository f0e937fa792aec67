import { diag } from '@opentelemetry/api';

/** The element a click landed on; clicks dispatched on the document or window itself have none. */
export const clickedElement = (event: Event): Element | undefined => (event.target instanceof Element ? event.target : undefined);

/** Calls back into the app without letting its exceptions break the SDK. */
export function callSafely<T>(name: string, callback: ((value: T) => void) | undefined, value: T): void {
  if (!callback) return;
  try {
    callback(value);
  } catch (error) {
    diag.error(`otel-rum: ${name} callback failed`, error);
  }
}

const INTERACTIVE_SELECTOR = 'a[href], button, input, select, textarea, summary, label, [role="button"], [role="link"], [role="checkbox"], [role="menuitem"], [role="tab"], [onclick], [tabindex]';

/** Whether the element looks clickable to a user: a control, a link, or a pointer cursor. */
export function looksInteractive(element: Element): boolean {
  return element.closest(INTERACTIVE_SELECTOR) !== null || getComputedStyle(element).cursor === 'pointer';
}
