/**
 * A URL as it may be recorded (SPEC §7): the fragment always goes, and of the query only the
 * allow-listed parameters stay. Relative URLs resolve against the page; unparsable input is dropped
 * to its path-free form rather than recorded raw.
 */
export function sanitizeUrl(url: string, allowedQueryParams: readonly string[], base = location.href): string {
  let parsed: URL;
  try {
    parsed = new URL(url, base);
  } catch {
    return '';
  }
  const kept = new URLSearchParams();
  for (const [name, value] of parsed.searchParams) {
    if (allowedQueryParams.includes(name)) kept.append(name, value);
  }
  parsed.search = kept.toString();
  parsed.hash = '';
  parsed.username = '';
  parsed.password = '';
  return parsed.href;
}
