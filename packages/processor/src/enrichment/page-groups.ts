import { PAGE_GROUP_OVERFLOW } from '@otel-rum/semconv';
import { GenerationalCache } from './cache.js';

export interface PageGroupRule {
  /** Matched against the URL path (not the query or fragment). */
  readonly pattern: RegExp;
  /** The page group of a matching path. */
  readonly group: string;
}

export interface PageGroupSettings {
  /** Tried in order before the default folding; the first match names the group. */
  readonly rules: readonly PageGroupRule[];
  /** Distinct page groups per application; later ones overflow to `other`. */
  readonly maxGroups: number;
}

/** The folded form of ids in a path. */
export const ID_SEGMENT = ':id';
const MAX_SEGMENTS = 8;
const MAX_SEGMENT_LENGTH = 64;

const NUMBER = /^\d+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX_ID = /^[0-9a-f]{8,}$/i;
/** A long token mixing letters and digits (base64/base62 ids, hashes, slugs with ids). */
const OPAQUE_ID = /^(?=.*\d)(?=.*[a-z])[\w-]{16,}$/i;

function isIdSegment(segment: string): boolean {
  return NUMBER.test(segment) || UUID.test(segment) || (HEX_ID.test(segment) && /\d/.test(segment)) || OPAQUE_ID.test(segment) || segment.length > MAX_SEGMENT_LENGTH;
}

/** The path of a URL without parsing it (`new URL` per span costs more than the rest of enrichment). */
export function pathOf(url: string): string {
  let start = 0;
  const scheme = url.indexOf('://');
  if (scheme >= 0) {
    start = url.indexOf('/', scheme + 3);
    if (start < 0) return '/';
  }
  let end = url.length;
  const query = url.indexOf('?', start);
  if (query >= 0) end = query;
  const fragment = url.indexOf('#', start);
  if (fragment >= 0 && fragment < end) end = fragment;
  const path = url.slice(start, end);
  return path.startsWith('/') ? path : `/${path}`;
}

/** `/orders/12345/items/550e8400-…` → `/orders/:id/items/:id`; at most 8 segments. */
export function foldPath(path: string): string {
  const segments = path.split('/').filter((segment) => segment !== '');
  if (segments.length === 0) return '/';
  const folded = segments.slice(0, MAX_SEGMENTS).map((segment) => (isIdSegment(segment) ? ID_SEGMENT : segment));
  return `/${folded.join('/')}${segments.length > MAX_SEGMENTS ? '/…' : ''}`;
}

/**
 * URL → page group per application: configured rules first, then default folding, capped so a flood
 * of distinct URLs cannot explode metric cardinality. The groups seen are state (see `snapshot`):
 * after a restart an application keeps the groups it had, in the same order against the cap.
 */
interface ApplicationPageGroups {
  readonly groups: Set<string>;
  /** Path → group, so repeated paths skip the rules and folding. */
  readonly byPath: GenerationalCache<string, string>;
}

const PATHS_CACHED_PER_APPLICATION = 10_000;

export class PageGroups {
  private readonly applications = new Map<string, ApplicationPageGroups>();
  private overflowCount = 0;

  constructor(private readonly settingsOf: (applicationId: string) => PageGroupSettings) {}

  private application(applicationId: string): ApplicationPageGroups {
    let application = this.applications.get(applicationId);
    if (!application) {
      application = { groups: new Set(), byPath: new GenerationalCache(PATHS_CACHED_PER_APPLICATION) };
      this.applications.set(applicationId, application);
    }
    return application;
  }

  /** The page group of a URL path (see `pathOf`). */
  groupOf(applicationId: string, path: string): string {
    const application = this.application(applicationId);
    const cached = application.byPath.get(path);
    if (cached !== undefined) return cached;
    const settings = this.settingsOf(applicationId);
    const group = settings.rules.find((rule) => rule.pattern.test(path))?.group ?? foldPath(path);
    let result = group;
    if (!application.groups.has(group)) {
      if (application.groups.size < settings.maxGroups) application.groups.add(group);
      else {
        result = PAGE_GROUP_OVERFLOW;
        this.overflowCount++;
      }
    }
    application.byPath.set(path, result);
    return result;
  }

  /** Distinct paths that landed in `other` because their application was at its cap. */
  get overflowed(): number {
    return this.overflowCount;
  }

  snapshot(): Record<string, string[]> {
    return Object.fromEntries([...this.applications].map(([applicationId, { groups }]) => [applicationId, [...groups]]));
  }

  restore(snapshot: Record<string, string[]>): void {
    this.applications.clear();
    for (const [applicationId, groups] of Object.entries(snapshot)) {
      const application = this.application(applicationId);
      for (const group of groups) application.groups.add(group);
    }
  }
}
