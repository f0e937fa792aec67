// Alert rules. The RUM alerts compare recorded series (recording.ts) against a threshold and require
// enough traffic that a handful of sessions cannot page anyone; the synthetic one needs neither, as
// the runner's outage rule has already waited for consecutive failed runs.
import { Label, SyntheticLabel, SyntheticMetric } from '@otel-rum/semconv';
import { and, compare, family, scale, select, sumBy, type Vector } from '../promql/vector.js';
import { Recorded } from './recording.js';

export interface AlertRule {
  readonly alert: string;
  readonly expr: Vector<Label>;
  /** The series the alert compares; each must exist for the alert to be able to fire at all. */
  readonly signals: readonly Vector<Label>[];
  readonly for: string;
  readonly severity: 'warning' | 'critical';
  /** `{{ $labels.<label> }}` is the only template used, so rule tests can expand it exactly. */
  readonly summary: string;
  readonly description: string;
}

const APDEX_THRESHOLD = 0.7;
/** 0.05 actions/s = 15 actions in five minutes. */
const APDEX_MIN_ACTIONS_PER_SECOND = 0.05;
const SPIKE_FACTOR = 3;
/** 0.05 errors/s = 15 errors in five minutes. */
const ERROR_SPIKE_MIN_PER_SECOND = 0.05;
/** 0.02 rage clicks/s = 6 rage clicks in five minutes. */
const RAGE_SPIKE_MIN_PER_SECOND = 0.02;

const appApdex = select(Recorded.appApdex);
const actionsRate = select(Recorded.userActionsRate);
const errorsRate = select(Recorded.errorsRate);
const errorsRateLong = select(Recorded.errorsRateLong);
const rageRate = select(Recorded.rageClicksRate);
const rageRateLong = select(Recorded.rageClicksRateLong);

const APP = [Label.APP] as const;

/**
 * Per monitor and location: several runners at one location (or a restarted one) report the same
 * problem once, under the labels the rule tests and the summary name.
 */
const problemsOpen = sumBy([SyntheticLabel.MONITOR, SyntheticLabel.LOCATION], select(family(SyntheticMetric.PROBLEMS_OPEN)));

/** Short-window rate above `factor` × its long-window rate, and above an absolute floor. */
const spike = (short: Vector<typeof Label.APP>, long: Vector<typeof Label.APP>, floor: number): Vector<typeof Label.APP> =>
  and(compare(short, '>', scale(SPIKE_FACTOR, long)), APP, compare(short, '>=', floor));

export const ALERT_RULES: readonly AlertRule[] = [
  {
    alert: 'RumApdexDrop',
    expr: and(compare(appApdex, '<', APDEX_THRESHOLD), APP, compare(actionsRate, '>=', APDEX_MIN_ACTIONS_PER_SECOND)),
    signals: [appApdex, actionsRate],
    for: '10m',
    severity: 'warning',
    summary: `Apdex of {{ $labels.${Label.APP} }} below ${APDEX_THRESHOLD}`,
    description: 'User actions are slow or failing: see the RUM overview and the Frontend ↔ backend dashboard for the slow traces.',
  },
  {
    alert: 'RumErrorSpike',
    expr: spike(errorsRate, errorsRateLong, ERROR_SPIKE_MIN_PER_SECOND),
    signals: [errorsRate, errorsRateLong],
    for: '5m',
    severity: 'warning',
    summary: `Errors of {{ $labels.${Label.APP} }} at over ${SPIKE_FACTOR}× their hourly rate`,
    description: 'A release or a backend may be failing users: see the Errors and frustration dashboard, by type and page group.',
  },
  {
    alert: 'RumRageClickSpike',
    expr: spike(rageRate, rageRateLong, RAGE_SPIKE_MIN_PER_SECOND),
    signals: [rageRate, rageRateLong],
    for: '5m',
    severity: 'warning',
    summary: `Rage clicks on {{ $labels.${Label.APP} }} at over ${SPIKE_FACTOR}× their hourly rate`,
    description: 'Users are hammering something that does not respond: see the top pages by frustration.',
  },
  {
    alert: 'SyntheticMonitorProblem',
    expr: compare(problemsOpen, '>', 0),
    signals: [problemsOpen],
    // Opening a problem already took the monitor's consecutive failed runs; waiting longer only delays the page.
    for: '0m',
    severity: 'critical',
    summary: `Synthetic monitor {{ $labels.${SyntheticLabel.MONITOR} }} failing at {{ $labels.${SyntheticLabel.LOCATION} }}`,
    description: 'The outage rule holds a problem open until the next successful run: see the Synthetic monitoring dashboard and the failed runs’ traces.',
  },
];
