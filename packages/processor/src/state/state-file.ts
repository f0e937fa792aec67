import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SessionizerSnapshot } from '../sessionizer/index.js';

/** What survives a restart: the open sessions and the page groups each application has used. */
export interface ProcessorState {
  readonly version: 1;
  readonly savedAtMs: number;
  readonly sessionizer: SessionizerSnapshot;
  readonly pageGroups: Record<string, string[]>;
}

/** Writes the state atomically (temporary file, then rename), so a crash mid-write leaves the old one. */
export function saveState(path: string, state: ProcessorState): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(state));
  renameSync(temporary, path);
}

/** Reads the state saved by the last shutdown; undefined when there is none. */
export function loadState(path: string): ProcessorState | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const state = JSON.parse(text) as ProcessorState;
  if (state.version !== 1) throw new Error(`${path}: state version ${String(state.version)} is not supported`);
  return state;
}

/**
 * Removes the state file once restored: the sessions now live in this process, and a crash later
 * must not bring them back a second time (and end them twice).
 */
export function discardState(path: string): void {
  rmSync(path, { force: true });
}
