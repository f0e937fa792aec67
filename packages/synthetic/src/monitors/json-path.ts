import type { JsonValue } from '../config/index.js';

const SEGMENT = /\.([A-Za-z_$][\w$-]*)|\[(\d+)\]/g;

/** Follows `$.items[0].name` through a parsed JSON document. */
export function evaluateJsonPath(document: JsonValue, path: string): { exists: boolean; value?: JsonValue } {
  let current: JsonValue | undefined = document;
  for (const match of path.slice(1).matchAll(SEGMENT)) {
    const [, key, index] = match;
    if (key !== undefined) {
      current = current !== null && typeof current === 'object' && !Array.isArray(current) && Object.hasOwn(current, key) ? current[key] : undefined;
    } else {
      current = Array.isArray(current) ? current[Number(index)] : undefined;
    }
    if (current === undefined) return { exists: false };
  }
  return { exists: true, value: current };
}
