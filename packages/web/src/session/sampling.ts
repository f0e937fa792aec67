/**
 * Whole-session sampling: the decision is a function of the id alone, so every tab and every page
 * of one session decides the same way without sharing anything else.
 */
export function isSessionSampled(sessionId: string, sampleRate: number): boolean {
  if (sampleRate >= 1) return true;
  return Number.parseInt(sessionId.slice(0, 8), 16) / 0x1_0000_0000 < sampleRate;
}
