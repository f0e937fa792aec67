import { diag } from '@opentelemetry/api';
import type { RumSignals, SignalBus, SignalListener } from './types.js';

export function createSignalBus(): SignalBus {
  const listeners = new Map<keyof RumSignals, Set<SignalListener<never>>>();
  return {
    on(signal, listener) {
      let set = listeners.get(signal);
      if (!set) listeners.set(signal, (set = new Set()));
      set.add(listener as SignalListener<never>);
      return () => set.delete(listener as SignalListener<never>);
    },
    emit(signal, payload) {
      for (const listener of listeners.get(signal) ?? []) {
        // One broken listener must not stop the others, nor break the page.
        try {
          (listener as SignalListener<typeof signal>)(payload);
        } catch (error) {
          diag.error(`otel-rum: ${signal} listener failed`, error);
        }
      }
    },
  };
}
