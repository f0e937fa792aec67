// No Loki or Tempo runs here, so their queries are checked with Grafana's own LogQL and TraceQL
// grammars (the parsers Grafana's query editors use), after Grafana would have filled in the
// variables, and against the names Loki gives the session-summary attributes.
import { parser as logQlParser } from '@grafana/lezer-logql';
import { parser as traceQlParser } from '@grafana/lezer-traceql';
import type { LRParser } from '@lezer/lr';
import { ATTR_EVENT_NAME, SESSION_SUMMARY_EVENT_NAME, SummaryField } from '@otel-rum/semconv';
import { describe, expect, it } from 'vitest';
import { lokiName } from '../../grafana/src/index.js';
import { lokiQueries, traceQlQueries } from './expressions.js';

/** Offsets of the syntax errors the grammar recovers from; none for a valid query. */
function syntaxErrors(parser: LRParser, query: string): number[] {
  const errors: number[] = [];
  parser.parse(query).iterate({
    enter: (node) => {
      if (node.type.isError) errors.push(node.from);
    },
  });
  return errors;
}

describe('LogQL of the sessions dashboard', () => {
  const queries = lokiQueries();

  it('has the summaries panel and a count of them', () => {
    expect(queries.length).toBeGreaterThanOrEqual(2);
  });

  it.each(queries.map((query) => [query.source, query.expr] as const))('%s parses', (_source, query) => {
    expect(syntaxErrors(logQlParser, query)).toEqual([]);
  });

  it('a broken query does not parse (the check can fail)', () => {
    expect(syntaxErrors(logQlParser, `{${lokiName(ATTR_EVENT_NAME)}=} | |`).length).toBeGreaterThan(0);
  });

  it('selects session summaries and filters by UX score, end reason, converted and user tag', () => {
    for (const { expr } of queries) {
      expect(expr).toContain(`${lokiName(ATTR_EVENT_NAME)}="${SESSION_SUMMARY_EVENT_NAME}"`);
      for (const field of [SummaryField.UX_SCORE, SummaryField.END_REASON, SummaryField.CONVERTED, SummaryField.USER_TAG, SummaryField.APPLICATION_ID]) {
        expect(expr).toContain(`| ${lokiName(field)}=~`);
      }
    }
  });
});

describe('TraceQL of the frontend ↔ backend dashboard', () => {
  const queries = traceQlQueries();

  it.each(queries.map((query) => [query.source, query.expr] as const))('%s parses', (_source, query) => {
    expect(syntaxErrors(traceQlParser, query)).toEqual([]);
  });

  it('a broken query does not parse (the check can fail)', () => {
    expect(syntaxErrors(traceQlParser, '{ span.a = = }').length).toBeGreaterThan(0);
  });
});
