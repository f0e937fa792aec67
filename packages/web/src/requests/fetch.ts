import type { Instrumentation } from '../core/types.js';
import { BAGGAGE_HEADER } from './propagation.js';
import { isExportRequest, startRequest } from './request-span.js';

function urlOf(input: RequestInfo | URL): string {
  if (typeof input === 'string') return input;
  if (input instanceof URL) return input.href;
  return input.url;
}

/** Spans for `fetch`, with trace context for the backends allowed to see it. */
export const fetchInstrumentation: Instrumentation = {
  name: 'fetch',
  install(core) {
    const originalFetch = globalThis.fetch;
    const instrumentedFetch = function (this: unknown, input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
      const url = urlOf(input);
      if (isExportRequest(core, url)) return originalFetch.call(this, input, init);
      const request = input instanceof Request ? input : undefined;
      // Headers given in `init` replace the Request's own, exactly as fetch itself treats them.
      const headers = new Headers(init?.headers ?? request?.headers);
      const tracked = startRequest(core, url, init?.method ?? request?.method ?? 'GET', headers.get(BAGGAGE_HEADER));
      let finalInit = init;
      if (Object.keys(tracked.headers).length > 0) {
        for (const [name, value] of Object.entries(tracked.headers)) headers.set(name, value);
        finalInit = { ...init, headers };
      }
      let pending: Promise<Response>;
      try {
        pending = originalFetch.call(this, input, finalInit);
      } catch (error) {
        tracked.finish(0);
        throw error;
      }
      return pending.then(
        (response) => {
          tracked.finish(response.status);
          return response;
        },
        (error: unknown) => {
          tracked.finish(0);
          throw error;
        },
      );
    };
    globalThis.fetch = instrumentedFetch;
    return () => {
      if (globalThis.fetch === instrumentedFetch) globalThis.fetch = originalFetch;
    };
  },
};
