import { existsSync } from 'node:fs';
import { SYNTHETIC_PAGE_MARKER_GLOBAL, type SyntheticPageMarker } from '@otel-rum/semconv';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import type { BrowserConfig } from '../config/index.js';
import { syntheticUserAgent } from './user-agent.js';


// A script, not a function: this package compiles without the DOM typings.
const markerScript = (marker: SyntheticPageMarker): string =>
  `Object.defineProperty(window, ${JSON.stringify(SYNTHETIC_PAGE_MARKER_GLOBAL)}, { value: Object.freeze(${JSON.stringify(marker)}), enumerable: false, configurable: false, writable: false });`;

/**
 * One Chromium, launched on first use and relaunched if it dies, shared by browser runs; each run
 * gets a fresh context (no cookies or storage from the last run). At most `maxConcurrent` runs use
 * it at once, the others queue.
 */
export class BrowserProvider {
  private launching: Promise<{ browser: Browser; userAgent: string }> | undefined;
  private active = 0;
  private readonly queue: (() => void)[] = [];

  constructor(private readonly config: BrowserConfig) {}

  async withContext<T>(marker: SyntheticPageMarker, use: (context: BrowserContext) => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      const { browser, userAgent } = await this.browser();
      const context = await browser.newContext({ userAgent: `${userAgent} ${syntheticUserAgent(marker)}` });
      try {
        // Defined before any page script runs, so the web SDK sees it at initRum.
        await context.addInitScript({ content: markerScript(marker) });
        return await use(context);
      } finally {
        await context.close().catch(() => undefined);
      }
    } finally {
      this.release();
    }
  }

  async close(): Promise<void> {
    const launching = this.launching;
    this.launching = undefined;
    if (launching) await launching.then(({ browser }) => browser.close(), () => undefined);
  }

  private browser(): Promise<{ browser: Browser; userAgent: string }> {
    this.launching ??= this.launch();
    return this.launching;
  }

  private async launch(): Promise<{ browser: Browser; userAgent: string }> {
    try {
      if (!existsSync(this.config.executablePath)) {
        throw new Error(`Chromium not found at ${this.config.executablePath}: install it or set browser.executablePath (or CHROMIUM_PATH)`);
      }
      const browser = await chromium.launch({ executablePath: this.config.executablePath, headless: true, args: [...this.config.args] });
      browser.on('disconnected', () => {
        this.launching = undefined;
      });
      const probe = await browser.newPage();
      const userAgent = await probe.evaluate<string>('navigator.userAgent');
      await probe.close();
      return { browser, userAgent };
    } catch (error) {
      this.launching = undefined;
      throw error;
    }
  }

  private async acquire(): Promise<void> {
    if (this.active < this.config.maxConcurrent) {
      this.active += 1;
      return;
    }
    await new Promise<void>((resolve) => this.queue.push(resolve));
  }

  private release(): void {
    const next = this.queue.shift();
    if (next) next();
    else this.active -= 1;
  }
}
