const MASK = '[redacted]';

/**
 * Removes secret values from text bound for any output: spans, logs, the console, API answers.
 * A value may show up encoded as well as raw (in a URL, a form body, a JSON string), so each
 * encoding is masked too (JSON twice over: a JSON body quoted in a JSON log line).
 */
export class Redactor {
  private needles: string[] = [];

  constructor(secrets: Iterable<string> = []) {
    for (const secret of secrets) this.add(secret);
  }

  add(secret: string): void {
    if (!secret) return;
    const jsonEscaped = JSON.stringify(secret).slice(1, -1);
    const forms = [secret, encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2), jsonEscaped, JSON.stringify(jsonEscaped).slice(1, -1)];
    this.needles = [...new Set([...this.needles, ...forms])].sort((a, b) => b.length - a.length);
  }

  redact(text: string): string {
    let out = text;
    for (const needle of this.needles) if (out.includes(needle)) out = out.split(needle).join(MASK);
    return out;
  }
}
