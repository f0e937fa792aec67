import type { Instrumentation } from '../core/types.js';
import { isExportRequest, startRequest } from './request-span.js';

/** Spans for `XMLHttpRequest`, with trace context for the backends allowed to see it. */
export const xhrInstrumentation: Instrumentation = {
  name: 'xhr',
  install(core) {
    const prototype = XMLHttpRequest.prototype;
    const originalOpen = prototype.open;
    const originalSend = prototype.send;
    const opened = new WeakMap<XMLHttpRequest, { method: string; url: string }>();

    const open = function (this: XMLHttpRequest, method: string, url: string | URL, ...rest: unknown[]): void {
      opened.set(this, { method, url: String(url) });
      (originalOpen as (...args: unknown[]) => void).call(this, method, url, ...rest);
    };
    const send = function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null): void {
      const request = opened.get(this);
      if (!request || isExportRequest(core, request.url)) return originalSend.call(this, body);
      // A second setRequestHeader('baggage') appends to the page's own baggage, so both survive.
      const tracked = startRequest(core, request.url, request.method, null);
      for (const [name, value] of Object.entries(tracked.headers)) this.setRequestHeader(name, value);
      this.addEventListener('loadend', () => tracked.finish(this.status), { once: true });
      try {
        originalSend.call(this, body);
      } catch (error) {
        tracked.finish(0);
        throw error;
      }
    };
    prototype.open = open as typeof prototype.open;
    prototype.send = send;
    return () => {
      if (prototype.open === open) prototype.open = originalOpen;
      if (prototype.send === send) prototype.send = originalSend;
    };
  },
};
