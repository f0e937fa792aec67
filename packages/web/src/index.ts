import { diag } from '@opentelemetry/api';
import { SessionEndReason } from '@otel-rum/semconv';
import { resolveOptions, type RumOptions } from './core/options.js';
import { createCore } from './core/rum-core.js';
import type { InstrumentationApi, RumApi } from './core/types.js';
import { instrumentations } from './instrumentations.js';

export type { RumOptions } from './core/options.js';
export { DEFAULT_FRUSTRATION_OPTIONS, type FrustrationOptions, type RageClick } from './frustration/index.js';
export type { ElementDescription, Instrumentation, InstrumentationApi, OpenAction, RumApi, RumCore, RumSignals } from './core/types.js';

let running: RumApi | undefined;

/**
 * Starts Real User Monitoring on this page and returns its API (SPEC §8). Every option is checked
 * first: bad options throw and leave the page untouched. A second call returns the running API.
 */
export function initRum(options: RumOptions): RumApi {
  const resolved = resolveOptions(options);
  for (const instrumentation of instrumentations) instrumentation.validate?.(resolved);
  if (running) {
    diag.warn('otel-rum: initRum was called twice; the first configuration stays');
    return running;
  }

  const runtime = createCore(resolved);
  const { core, session, provider, providedApi } = runtime;
  session.start();
  const uninstallers = instrumentations.map((instrumentation) => instrumentation.install(core));

  const delegate = <K extends keyof InstrumentationApi>(name: K): NonNullable<InstrumentationApi[K]> => {
    const method = ((...args: unknown[]) => {
      const implementation = providedApi[name] as ((...args: unknown[]) => unknown) | undefined;
      if (!implementation) throw new Error(`otel-rum: ${name} is not available (its instrumentation is not installed)`);
      return implementation(...args);
    }) as NonNullable<InstrumentationApi[K]>;
    return method;
  };

  let stopped = false;
  const api: RumApi = {
    identifyUser: delegate('identifyUser'),
    setSessionProperty: delegate('setSessionProperty'),
    reportError: delegate('reportError'),
    enterAction: delegate('enterAction'),
    endSession: () => session.end(SessionEndReason.API),
    getSessionId: () => core.sessionId(),
    async shutdown() {
      if (stopped) return;
      stopped = true;
      for (const uninstall of uninstallers.reverse()) uninstall();
      runtime.stop();
      // The provider shuts its span processor down: the transport sends what is queued.
      await provider.shutdown();
      running = undefined;
    },
  };
  running = api;
  return api;
}
