// Chrome DevTools Recorder exports (Recorder panel → Export → JSON) as clickpath steps, so a journey
// can be recorded by clicking through it once rather than written by hand.
import type { ConfigIssue } from './reader.js';
import type { ClickpathAction, ClickpathStep } from './types.js';

interface RecordedStep {
  type?: unknown;
  url?: unknown;
  value?: unknown;
  key?: unknown;
  selectors?: unknown;
}

/** Steps that need nothing from us: Playwright scrolls to what it clicks, and `press` is down and up. */
const SKIPPED = new Set(['setViewport', 'scroll', 'keyUp']);

/**
 * A Recorder selector is a list (a path through frames and shadow roots) of strings that may carry
 * a prefix: `aria/`, `xpath/`, `pierce/`, `text/`, or none for CSS. Playwright's CSS engine pierces
 * open shadow roots by itself, so single-part CSS (plain or pierce/) is preferred, then XPath, then text.
 */
function playwrightSelector(selectors: unknown): string | undefined {
  if (!Array.isArray(selectors)) return undefined;
  const single = selectors
    .map((selector: unknown) => (typeof selector === 'string' ? [selector] : selector))
    .filter((parts: unknown): parts is [string] => Array.isArray(parts) && parts.length === 1 && typeof parts[0] === 'string')
    .map(([selector]) => selector);
  const css = single.find((selector) => !/^(aria|xpath|pierce|text)\//.test(selector));
  if (css) return css;
  const pierce = single.find((selector) => selector.startsWith('pierce/'));
  if (pierce) return pierce.slice('pierce/'.length);
  const xpath = single.find((selector) => selector.startsWith('xpath/'));
  if (xpath) return `xpath=${xpath.slice('xpath/'.length)}`;
  const text = single.find((selector) => selector.startsWith('text/'));
  return text ? `text=${text.slice('text/'.length)}` : undefined;
}

function actionOf(step: RecordedStep): ClickpathAction | string {
  const selector = playwrightSelector(step.selectors);
  switch (step.type) {
    case 'navigate':
      return typeof step.url === 'string' && /^https?:\/\//.test(step.url) ? { kind: 'navigate', url: step.url } : 'navigate needs an http(s) url';
    case 'click':
      return selector ? { kind: 'click', selector } : 'click has no CSS, XPath or text selector';
    case 'change':
      if (typeof step.value !== 'string') return 'change needs a value';
      return selector ? { kind: 'type', selector, text: step.value } : 'change has no CSS, XPath or text selector';
    case 'keyDown':
      return typeof step.key === 'string' ? { kind: 'press', key: step.key } : 'keyDown needs a key';
    case 'waitForElement':
      return selector ? { kind: 'waitFor', selector } : 'waitForElement has no CSS, XPath or text selector';
    default:
      return `${JSON.stringify(step.type)} steps are not supported (supported: navigate, click, change, keyDown, waitForElement; skipped: ${[...SKIPPED].join(', ')})`;
  }
}

/** Converts a Recorder export; problems are reported per recorded step, under `path`. */
export function stepsFromRecording(recording: unknown, path: string, issues: ConfigIssue[], timeoutMs: number, name: (action: ClickpathAction) => string): ClickpathStep[] {
  const steps = (recording as { steps?: unknown } | null)?.steps;
  if (!Array.isArray(steps)) {
    issues.push({ path, message: 'not a Chrome DevTools Recorder export (no "steps" list)' });
    return [];
  }
  const out: ClickpathStep[] = [];
  const issuesBefore = issues.length;
  steps.forEach((step: RecordedStep, index) => {
    if (SKIPPED.has(step?.type as string)) return;
    const action = actionOf(step ?? {});
    if (typeof action === 'string') issues.push({ path: `${path} steps[${index}]`, message: action });
    else out.push({ name: name(action), action, timeoutMs });
  });
  if (out.length === 0 && issues.length === issuesBefore) issues.push({ path, message: 'the recording has no steps to run' });
  return out;
}
