import type { Span } from '@opentelemetry/api';
import {
  ATTR_HTTP_RESPONSE_STATUS_CODE, ATTR_SYNTHETIC_PAGE_DOM_CONTENT_LOADED_MS, ATTR_SYNTHETIC_PAGE_LOAD_MS,
  ATTR_SYNTHETIC_PAGE_TTFB_MS, ATTR_URL_FULL, SyntheticFailureReason,
} from '@otel-rum/semconv';
import { errors as playwrightErrors, type Page } from 'playwright-core';
import type { BrowserMonitor, ClickpathMonitor, ClickpathStep } from '../config/index.js';
import { MonitorFailure } from '../runner/failure.js';
import type { RunContext } from '../runner/run-context.js';
import type { BrowserProvider } from './browsers.js';

const TEXT_POLL_MS = 100;
const NAVIGATION_TIMING_SCRIPT = `(() => {
  const entry = performance.getEntriesByType('navigation')[0];
  return entry ? { ttfb: entry.responseStart, domContentLoaded: entry.domContentLoadedEventEnd, load: entry.loadEventEnd } : null;
})()`;

/** Runs a browser or clickpath monitor's steps in one fresh browser context; the first failure ends it. */
export async function runClickpathMonitor(monitor: BrowserMonitor | ClickpathMonitor, run: RunContext, browsers: BrowserProvider): Promise<void> {
  await browsers.withContext(run.marker, async (context) => {
    const page = await context.newPage();
    for (const step of monitor.steps) {
      await run.step({ name: step.name, action: step.action.kind, ...(step.thresholdMs !== undefined ? { thresholdMs: step.thresholdMs } : {}) }, (span) => performOrExplain(page, step, run, span));
    }
  });
}

/** Playwright's timeout messages name its own call, not the step: say what did not happen. */
async function performOrExplain(page: Page, step: ClickpathStep, run: RunContext, span: Span): Promise<void> {
  try {
    await perform(page, step, run, span);
  } catch (error) {
    if (!(error instanceof playwrightErrors.TimeoutError)) throw error;
    throw new MonitorFailure(SyntheticFailureReason.TIMEOUT, `${timeoutExplanation(step)} within ${step.timeoutMs} ms`);
  }
}

function timeoutExplanation({ action }: ClickpathStep): string {
  switch (action.kind) {
    case 'navigate': return `${action.url} did not load`;
    case 'click': return `could not click ${action.selector}`;
    case 'type': return `could not type into ${action.selector}`;
    case 'press': return `could not press ${action.key}${action.selector ? ` on ${action.selector}` : ''}`;
    case 'waitFor': return `${action.selector} did not appear`;
    case 'assertText': return `${action.selector} did not appear`;
  }
}

async function perform(page: Page, step: ClickpathStep, run: RunContext, span: Span): Promise<void> {
  const timeout = step.timeoutMs;
  const action = step.action;
  switch (action.kind) {
    case 'navigate': {
      const response = await page.goto(run.credentials.url(action.url), { timeout, waitUntil: 'load' });
      span.setAttribute(ATTR_URL_FULL, page.url());
      if (response) {
        span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, response.status());
        if (response.status() >= 400) throw new MonitorFailure(SyntheticFailureReason.ASSERTION, `page answered ${response.status()}`);
      }
      await recordNavigationTiming(page, span);
      return;
    }
    case 'click':
      await page.locator(action.selector).first().click({ timeout });
      return;
    case 'type':
      await page.locator(action.selector).first().fill(run.credentials.text(action.text), { timeout });
      return;
    case 'press':
      if (action.selector) await page.locator(action.selector).first().press(action.key, { timeout });
      else await page.keyboard.press(action.key);
      return;
    case 'waitFor':
      await page.locator(action.selector).first().waitFor({ state: 'visible', timeout });
      return;
    case 'assertText':
      await waitForText(page, action.selector, run.credentials.text(action.contains), timeout, run);
      return;
  }
}

/** Polls until the element's text contains `expected`: pages render late, and that is not a failure. */
async function waitForText(page: Page, selector: string, expected: string, timeoutMs: number, run: RunContext): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const locator = page.locator(selector).first();
  let text: string | null = null;
  for (;;) {
    const remaining = deadline - Date.now();
    text = await locator.textContent({ timeout: Math.max(remaining, 1) }).catch(() => text);
    if (text?.includes(expected)) return;
    if (Date.now() >= deadline) break;
    await new Promise((resolve) => setTimeout(resolve, TEXT_POLL_MS));
  }
  const shown = text === null ? 'no such element' : `its text is ${JSON.stringify(run.redact(text).trim().slice(0, 120))}`;
  throw new MonitorFailure(SyntheticFailureReason.ASSERTION, `${selector} does not contain ${JSON.stringify(expected)}: ${shown}`);
}

async function recordNavigationTiming(page: Page, span: Span): Promise<void> {
  const timing = await page.evaluate<{ ttfb: number; domContentLoaded: number; load: number } | null>(NAVIGATION_TIMING_SCRIPT);
  if (!timing) return;
  span.setAttributes({
    [ATTR_SYNTHETIC_PAGE_TTFB_MS]: Math.round(timing.ttfb),
    [ATTR_SYNTHETIC_PAGE_DOM_CONTENT_LOADED_MS]: Math.round(timing.domContentLoaded),
    [ATTR_SYNTHETIC_PAGE_LOAD_MS]: Math.round(timing.load),
  });
}
