// @otel-rum/grafana: dashboards, Prometheus rules and Grafana provisioning as code.
export { artifacts, type Artifact, DASHBOARDS_DIR, DATASOURCES_FILE, RULE_TESTS_FILE, RULES_FILE } from './artifacts.js';
export { DASHBOARDS, DatasourceUid, lokiName, sessionSummaryQuery, userActionTraceQuery, type RumDashboard } from './dashboards/index.js';
export { DatasourceUrl } from './provisioning/datasources.js';
export { ALERT_RULES, type AlertRule, Recorded, RECORDING_RULES, type RecordingRule, rulesDocument, type RuleTestFile, ruleTests } from './rules/index.js';
export type { Vector } from './promql/vector.js';
