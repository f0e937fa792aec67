import type { Browser } from 'playwright-core';
import { seededRandom } from '../shop/faults.js';
import { JOURNEYS, pickJourney, type JourneyContext, type JourneyName } from './journeys.js';

export interface TrafficOptions {
  browser: Browser;
  shopOrigin: string;
  /** Stop after this many sessions… */
  sessions?: number;
  /** …or once this much time has passed (no new session starts after it). At least one of the two. */
  durationMs?: number;
  /** Sessions running at the same time (each in its own browser context). */
  concurrency?: number;
  /** Seed of the journey mix and the choices inside journeys. */
  seed?: number;
  /** Upper bound of the pause between steps; each pause is uniform in [thinkMs / 4, thinkMs]. */
  thinkMs?: number;
  /** The journeys to run, in this order, instead of the weighted mix (scripted runs, tests). */
  script?: JourneyName[];
  /** Called after every session. */
  onSession?(result: SessionResult, totals: TrafficTotals): void;
}

export interface SessionResult {
  journey: JourneyName;
  /** The journey's RUM session (as the web SDK on the page named it). */
  sessionId?: string;
  frustrated: boolean;
  converted: boolean;
  /** Why the journey broke off, when it did (the shop or the browser misbehaved beyond the planned faults). */
  failure?: string;
}

export interface TrafficTotals {
  sessions: number;
  failed: number;
  clean: { sessions: number; converted: number };
  frustrated: { sessions: number; converted: number };
}

/**
 * Drives real Chromium through shop journeys, one fresh browser context (so one RUM session) per
 * journey, until the session count or the duration is reached.
 */
export async function runTraffic(options: TrafficOptions): Promise<{ results: SessionResult[]; totals: TrafficTotals }> {
  const limit = options.script?.length ?? options.sessions;
  if (limit === undefined && options.durationMs === undefined) throw new RangeError('traffic: give a session count, a duration or a script');
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) throw new RangeError(`traffic: the session count must be a positive integer, got ${limit}`);
  const concurrency = options.concurrency ?? 2;
  if (!(Number.isInteger(concurrency) && concurrency > 0)) throw new RangeError(`traffic: concurrency must be a positive integer, got ${concurrency}`);
  const random = seededRandom(options.seed ?? 1);
  const thinkMs = options.thinkMs ?? 1_500;
  const deadline = options.durationMs === undefined ? Infinity : Date.now() + options.durationMs;

  const results: SessionResult[] = [];
  const totals: TrafficTotals = { sessions: 0, failed: 0, clean: { sessions: 0, converted: 0 }, frustrated: { sessions: 0, converted: 0 } };
  let started = 0;

  const nextJourney = (): JourneyName | undefined => {
    if ((limit !== undefined && started >= limit) || Date.now() >= deadline) return undefined;
    const journey = options.script?.[started] ?? pickJourney(random);
    started++;
    return journey;
  };

  async function runOne(journey: JourneyName): Promise<SessionResult> {
    const context = await options.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const { frustrated } = JOURNEYS[journey];
    const journeyContext: JourneyContext = {
      page,
      shopOrigin: options.shopOrigin,
      random,
      think: () => page.waitForTimeout(thinkMs * (0.25 + 0.75 * random())),
    };
    const session = (): { sessionId?: string } => (journeyContext.sessionId ? { sessionId: journeyContext.sessionId } : {});
    try {
      const { converted } = await JOURNEYS[journey].run(journeyContext);
      return { journey, ...session(), frustrated, converted };
    } catch (error) {
      return { journey, ...session(), frustrated, converted: false, failure: error instanceof Error ? error.message.split('\n')[0]! : String(error) };
    } finally {
      // The visitor reads the last page until it has settled (its load action ends), then leaves:
      // leaving hides the page, and the web SDK sends what it still holds on `pagehide`.
      await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => undefined);
      await page.goto('about:blank').catch(() => undefined);
      await context.close();
    }
  }

  async function worker(): Promise<void> {
    for (let journey = nextJourney(); journey; journey = nextJourney()) {
      const result = await runOne(journey);
      results.push(result);
      totals.sessions++;
      if (result.failure) totals.failed++;
      const segment = result.frustrated ? totals.frustrated : totals.clean;
      segment.sessions++;
      if (result.converted) segment.converted++;
      options.onSession?.(result, totals);
    }
  }

  await Promise.all(Array.from({ length: concurrency }, worker));
  return { results, totals };
}
