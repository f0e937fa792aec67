import { describe, expect, it } from 'vitest';
import { generateSessionId, isValidSessionId, isValidSessionPropertyName, isValidSessionPropertyValue, MAX_SESSION_PROPERTY_VALUE_LENGTH } from './session.js';

describe('session ids', () => {
  it('generates 32 lowercase hex characters, different each time', () => {
    const ids = new Set(Array.from({ length: 1000 }, generateSessionId));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('rejects anything that is not a session id', () => {
    for (const junk of ['', 'ABCDEF0123456789ABCDEF0123456789', '0'.repeat(31), '0'.repeat(33), 'g'.repeat(32), 42, null, undefined, '0'.repeat(32) + '\n']) {
      expect(isValidSessionId(junk)).toBe(false);
    }
    expect(isValidSessionId('0123456789abcdef0123456789abcdef')).toBe(true);
  });
});

describe('session properties', () => {
  it('accepts simple identifiers as names and rejects the rest', () => {
    for (const name of ['plan', 'cart_items', 'a1', 'x'.repeat(100)]) expect(isValidSessionPropertyName(name)).toBe(true);
    for (const name of ['', 'Plan', '1st', '_x', 'a.b', 'a-b', 'a b', 'x'.repeat(101), 42, null]) expect(isValidSessionPropertyName(name)).toBe(false);
  });

  it('accepts short strings, finite numbers and booleans as values', () => {
    for (const value of ['gold', '', 'x'.repeat(MAX_SESSION_PROPERTY_VALUE_LENGTH), 0, -1.5, true, false]) expect(isValidSessionPropertyValue(value)).toBe(true);
    for (const value of ['x'.repeat(MAX_SESSION_PROPERTY_VALUE_LENGTH + 1), Number.NaN, Infinity, null, undefined, {}, [], 1n]) expect(isValidSessionPropertyValue(value)).toBe(false);
  });
});
