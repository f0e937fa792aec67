import { DOM_ATTR_RUM_NAME } from '@otel-rum/semconv';
import type { ElementDescription } from '../core/types.js';

const MAX_NAME_LENGTH = 100;
const MAX_SELECTOR_DEPTH = 4;

/** What a user means by "the thing I clicked": the nearest interactive ancestor of the event target. */
const INTERACTIVE = 'a[href], button, input, select, textarea, label, summary, [role="button"], [role="link"], [role="menuitem"], [role="tab"], [onclick]';

/** Ids and classes that build tools generate change with every deploy; a stable selector skips them. */
const looksGenerated = (token: string): boolean => /\d{3,}|^[a-z]+-(?=[a-z]*\d)[a-z0-9]{5,}$|__/i.test(token) || token.length > 40;

const collapse = (text: string | null | undefined): string => (text ?? '').replace(/\s+/g, ' ').trim();

export function interactiveAncestor(element: Element): Element {
  return element.closest(INTERACTIVE) ?? element;
}

/** The element's 1-based place among its same-tag siblings, or undefined when it has none. */
function positionAmongSameTag(element: Element): number | undefined {
  let position = 1;
  for (let sibling = element.previousElementSibling; sibling; sibling = sibling.previousElementSibling) {
    if (sibling.tagName === element.tagName) position++;
  }
  if (position > 1) return position;
  for (let sibling = element.nextElementSibling; sibling; sibling = sibling.nextElementSibling) {
    if (sibling.tagName === element.tagName) return position;
  }
  return undefined;
}

/** A short, stable CSS selector: `tag#id`, or up to four `tag.class:nth-of-type(n)` steps below an id. */
export function cssSelector(element: Element): string {
  const steps: string[] = [];
  for (let current: Element | null = element; current && steps.length < MAX_SELECTOR_DEPTH; current = current.parentElement) {
    const tag = current.tagName.toLowerCase();
    if (current.id && !looksGenerated(current.id)) {
      steps.unshift(`${tag}#${CSS.escape(current.id)}`);
      break;
    }
    if (tag === 'html' || tag === 'body') break;
    let step = tag;
    const classes = [...current.classList].filter((name) => !looksGenerated(name)).slice(0, 2);
    if (classes.length) step += classes.map((name) => `.${CSS.escape(name)}`).join('');
    const position = positionAmongSameTag(current);
    if (position) step += `:nth-of-type(${position})`;
    steps.unshift(step);
  }
  return steps.join(' > ') || element.tagName.toLowerCase();
}

function labelOf(element: Element): string {
  for (const attribute of ['aria-label', 'title', 'alt']) {
    const value = collapse(element.getAttribute(attribute));
    if (value) return value;
  }
  const labelledBy = element.getAttribute('aria-labelledby');
  if (labelledBy) {
    const text = collapse(labelledBy.split(/\s+/).map((id) => document.getElementById(id)?.textContent).join(' '));
    if (text) return text;
  }
  if (element instanceof HTMLInputElement || element instanceof HTMLSelectElement || element instanceof HTMLTextAreaElement) {
    // Never the value (SPEC §7): what the user typed or picked stays on the page.
    const label = collapse(element.labels?.[0]?.textContent);
    return label || collapse(element.getAttribute('placeholder')) || collapse(element.getAttribute('name'));
  }
  if (element instanceof HTMLElement && element.isContentEditable) return '';
  // An icon-only link or button is named by its image.
  return collapse(textWithoutFields(element)) || collapse(element.querySelector('img[alt]')?.getAttribute('alt'));
}

/** The element's text, minus anything inside form fields or editable regions. */
function textWithoutFields(element: Element): string {
  let text = '';
  for (const node of element.childNodes) {
    if (node.nodeType === Node.TEXT_NODE) text += ` ${node.textContent ?? ''}`;
    else if (node instanceof Element && !node.matches('input, select, textarea, script, style, [contenteditable=""], [contenteditable="true"]')) {
      text += ` ${textWithoutFields(node)}`;
    }
    if (text.length > MAX_NAME_LENGTH * 4) break;
  }
  return text;
}

const truncate = (text: string, max = MAX_NAME_LENGTH): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * Names what the user interacted with, e.g. `click on "Add to cart"`; `data-rum-name` on the element
 * or an ancestor is the whole name; with `maskAllText` the name uses the selector, never page text.
 */
export function describeElement(element: Element, maskAllText: boolean, verb = 'click on'): ElementDescription {
  const target = interactiveAncestor(element);
  const selector = cssSelector(target);
  const override = element.closest(`[${DOM_ATTR_RUM_NAME}]`)?.getAttribute(DOM_ATTR_RUM_NAME);
  if (override) return { name: truncate(collapse(override)), target: selector };
  const label = maskAllText ? '' : labelOf(target);
  // The label is cut, not the whole name, so the closing quote survives.
  const name = label ? `${verb} "${truncate(label, MAX_NAME_LENGTH - verb.length - 3)}"` : truncate(`${verb} ${selector}`);
  return { name, target: selector };
}
