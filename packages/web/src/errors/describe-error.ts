import { ATTR_EXCEPTION_MESSAGE, ATTR_EXCEPTION_STACKTRACE, ATTR_EXCEPTION_TYPE } from '@otel-rum/semconv';
import type { Attributes } from '@opentelemetry/api';

/** Stack traces beyond this are cut: the top frames tell the story, and spans have size limits. */
const MAX_STACK_LENGTH = 8000;
const MAX_MESSAGE_LENGTH = 1000;

/** The `exception.*` attributes of anything thrown: `Error`s, strings, objects, `undefined`. */
export function describeThrown(thrown: unknown, fallbackType: string): Attributes {
  if (thrown instanceof Error || (isObject(thrown) && typeof thrown.message === 'string')) {
    const error = thrown as { name?: unknown; message: string; stack?: unknown };
    return exceptionAttributes(typeof error.name === 'string' && error.name ? error.name : fallbackType, error.message, typeof error.stack === 'string' ? error.stack : undefined);
  }
  return exceptionAttributes(fallbackType, stringify(thrown), undefined);
}

export function exceptionAttributes(type: string, message: string, stacktrace: string | undefined): Attributes {
  const attributes: Attributes = { [ATTR_EXCEPTION_TYPE]: type, [ATTR_EXCEPTION_MESSAGE]: message.slice(0, MAX_MESSAGE_LENGTH) };
  if (stacktrace) attributes[ATTR_EXCEPTION_STACKTRACE] = stacktrace.slice(0, MAX_STACK_LENGTH);
  return attributes;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

function stringify(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    const json = JSON.stringify(value);
    if (json !== undefined) return json;
  } catch {
    // Cyclic or exotic values fall through to String().
  }
  return String(value);
}
