import { nativeClearTimeout, nativeSetTimeout } from '../core/timers.js';
import type { ActionTracker } from './action-tracker.js';

/**
 * Wraps `setTimeout` so that a short timer scheduled inside a user action keeps the action open
 * until it fires: requests its callback starts then join the action. Returns the uninstaller.
 */
export function trackTimers(tracker: ActionTracker): () => void {
  const cancellers = new Map<number, () => void>();
  const trackedSetTimeout = function (handler: TimerHandler, timeout?: number, ...args: unknown[]): number {
    const action = typeof handler === 'function' ? tracker.timerTarget(Number(timeout) || 0) : undefined;
    if (!action) return nativeSetTimeout(handler, timeout, ...args) as unknown as number;
    const timer = tracker.trackTimer(action, () => {
      cancellers.delete(id);
      (handler as (...callbackArgs: unknown[]) => void)(...args);
    });
    const id = nativeSetTimeout(timer.run, timeout) as unknown as number;
    cancellers.set(id, timer.cancel);
    return id;
  };
  const trackedClearTimeout = function (id?: number): void {
    if (id !== undefined) {
      cancellers.get(id)?.();
      cancellers.delete(id);
    }
    nativeClearTimeout(id);
  };
  const originalSetTimeout = globalThis.setTimeout;
  const originalClearTimeout = globalThis.clearTimeout;
  globalThis.setTimeout = trackedSetTimeout as typeof setTimeout;
  globalThis.clearTimeout = trackedClearTimeout as typeof clearTimeout;
  return () => {
    if (globalThis.setTimeout === (trackedSetTimeout as typeof setTimeout)) globalThis.setTimeout = originalSetTimeout;
    if (globalThis.clearTimeout === (trackedClearTimeout as typeof clearTimeout)) globalThis.clearTimeout = originalClearTimeout;
  };
}
