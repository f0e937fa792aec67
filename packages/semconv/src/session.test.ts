import { describe, expect, it } from 'vitest';
import { generateSessionId, isValidSessionId } from './session.js';

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
