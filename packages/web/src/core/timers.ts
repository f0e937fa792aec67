// The SDK's own timers. Captured when the bundle is evaluated, before the actions folder patches
// `setTimeout` to see which timers an interaction schedules: the SDK's batching, session and
// linger timers must never keep a user action open.
export const nativeSetTimeout: typeof setTimeout = globalThis.setTimeout.bind(globalThis);
export const nativeClearTimeout: typeof clearTimeout = globalThis.clearTimeout.bind(globalThis);
