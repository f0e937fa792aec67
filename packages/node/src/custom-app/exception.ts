import type { Attributes } from '@opentelemetry/api';
import { ATTR_EXCEPTION_MESSAGE, ATTR_EXCEPTION_STACKTRACE, ATTR_EXCEPTION_TYPE } from '@otel-rum/semconv';
import { inspect } from 'node:util';

/**
 * The OTel `exception.*` attributes of anything an application can throw: an `Error` gives its
 * name, message and stack; any other value is described as Node would print it.
 */
export function exceptionAttributes(error: unknown): Attributes {
  if (error instanceof Error) {
    return {
      [ATTR_EXCEPTION_TYPE]: error.name,
      [ATTR_EXCEPTION_MESSAGE]: error.message,
      ...(error.stack ? { [ATTR_EXCEPTION_STACKTRACE]: error.stack } : {}),
    };
  }
  return {
    [ATTR_EXCEPTION_TYPE]: error === null ? 'null' : typeof error,
    [ATTR_EXCEPTION_MESSAGE]: typeof error === 'string' ? error : inspect(error, { depth: 2, breakLength: Infinity }),
  };
}
