// promtool accepts the scrape config and the rules, and the rule unit tests pass — and fail when an
// expectation is wrong, so they test something.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { ALERT_RULES, RULE_TESTS_FILE, RULES_FILE, type RuleTestFile, ruleTests } from '../../grafana/src/index.js';
import { inRepository, promtool, readText } from './repository.js';

const scratch = mkdtempSync(join(tmpdir(), 'otel-rum-promtool-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('promtool', () => {
  it('checks the scrape config and the rule files it loads', () => {
    const result = promtool('check', 'config', inRepository('prometheus/prometheus.yml'));
    expect(result.output).toContain('SUCCESS');
    expect(result.output).toContain('otel-rum.rules.yml');
    expect(result.status, result.output).toBe(0);
  });

  it('checks the rules', () => {
    const result = promtool('check', 'rules', inRepository(RULES_FILE));
    expect(result.status, result.output).toBe(0);
  });

  it('passes the rule unit tests', () => {
    const result = promtool('test', 'rules', inRepository(RULE_TESTS_FILE));
    expect(result.output).toContain('SUCCESS');
    expect(result.status, result.output).toBe(0);
  });

  it('has, for every alert, a case where it fires and one where it must stay silent', () => {
    const alertTests = ruleTests('unused').tests.flatMap((test) => test.alert_rule_test ?? []);
    for (const rule of ALERT_RULES) {
      const cases = alertTests.filter((test) => test.alertname === rule.alert);
      expect(cases.some((test) => test.exp_alerts.length > 0), `${rule.alert} never fires in the tests`).toBe(true);
      expect(cases.some((test) => test.exp_alerts.length === 0), `${rule.alert} has no silent case`).toBe(true);
    }
  });

  const firstRecordedSample = (file: RuleTestFile) => file.tests.flatMap((test) => test.promql_expr_test ?? []).flatMap((test) => test.exp_samples)[0];
  const firstFiringCase = (file: RuleTestFile) => file.tests.flatMap((test) => test.alert_rule_test ?? []).find((test) => test.exp_alerts.length > 0);

  it.each([
    [
      'a wrong recorded value',
      (file: RuleTestFile) => {
        const sample = firstRecordedSample(file);
        if (sample) sample.value += 0.01;
      },
    ],
    [
      'an alert that fires where the test expects silence',
      (file: RuleTestFile) => {
        const firingCase = firstFiringCase(file);
        if (firingCase) firingCase.exp_alerts = [];
      },
    ],
  ])('fails the rule unit tests given %s', (_case, mutate) => {
    const directory = mkdtempSync(join(scratch, 'mutated-'));
    mkdirSync(join(directory, 'rules'));
    mkdirSync(join(directory, 'tests'));
    copyFileSync(inRepository(RULES_FILE), join(directory, 'rules', 'otel-rum.rules.yml'));
    const original = readText(RULE_TESTS_FILE);
    const file = parse(original) as RuleTestFile;
    mutate(file);
    const mutated = stringify(file);
    expect(parse(mutated)).not.toEqual(parse(original));
    writeFileSync(join(directory, 'tests', 'otel-rum.rules.test.yml'), mutated);
    const result = promtool('test', 'rules', join(directory, 'tests', 'otel-rum.rules.test.yml'));
    expect(result.output).toContain('FAILED');
    expect(result.status).not.toBe(0);
  });
});
