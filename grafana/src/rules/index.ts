import { ALERT_RULES } from './alerts.js';
import { RECORDING_RULES } from './recording.js';

export { ALERT_RULES, type AlertRule } from './alerts.js';
export { Recorded, RECORDING_RULES, type RecordingRule } from './recording.js';
export { type RuleTestFile, ruleTests } from './rule-tests.js';

export const RECORDING_GROUP = 'otel-rum-recording';
export const ALERT_GROUP = 'otel-rum-alerts';

/** The Prometheus rule file: one group of recording rules, one of alerts. */
export function rulesDocument() {
  return {
    groups: [
      { name: RECORDING_GROUP, rules: RECORDING_RULES.map((rule) => ({ record: rule.name, expr: rule.expr })) },
      {
        name: ALERT_GROUP,
        rules: ALERT_RULES.map((rule) => ({
          alert: rule.alert,
          expr: rule.expr.expr,
          for: rule.for,
          labels: { severity: rule.severity },
          annotations: { summary: rule.summary, description: rule.description },
        })),
      },
    ],
  };
}
