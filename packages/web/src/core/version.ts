/** `@otel-rum/web`'s version, as the instrumentation scope reports it (kept in step with package.json). */
export const SDK_VERSION = '0.1.0';
export const SDK_SCOPE_NAME = '@otel-rum/web';
