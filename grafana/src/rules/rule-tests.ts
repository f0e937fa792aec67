// promtool unit tests for the rules (`promtool test rules`), generated like the rules themselves so
// the series they feed carry exactly the labels the processor and the synthetic runner write. Each
// alert has cases that must fire and cases that must stay silent (healthy traffic, too little
// traffic, still pending, a problem closed).
import {
  ActionType,
  ApdexRating,
  BehaviourSegment,
  ErrorType,
  Label,
  Metric,
  SessionEndReason,
  SyntheticLabel,
  SyntheticMetric,
  UserType,
  UxScore,
} from '@otel-rum/semconv';
import { family, type Family } from '../promql/vector.js';
import { ALERT_RULES, type AlertRule } from './alerts.js';
import { LABEL_FALSE, LABEL_TRUE, Recorded, type RecordingRule } from './recording.js';

interface SeriesInput {
  series: string;
  values: string;
}
interface ExpectedSample {
  labels: string;
  value: number;
}
interface PromqlExprTest {
  expr: string;
  eval_time: string;
  exp_samples: ExpectedSample[];
}
interface ExpectedAlert {
  exp_labels: Record<string, string>;
  exp_annotations: Record<string, string>;
}
interface AlertRuleTest {
  eval_time: string;
  alertname: string;
  exp_alerts: ExpectedAlert[];
}
export interface RuleTestCase {
  name: string;
  interval: string;
  input_series: SeriesInput[];
  promql_expr_test?: PromqlExprTest[];
  alert_rule_test?: AlertRuleTest[];
}
export interface RuleTestFile {
  rule_files: string[];
  evaluation_interval: string;
  tests: RuleTestCase[];
}

function seriesText(name: string, labels: Record<string, string>): string {
  const list = Object.entries(labels).map(([label, value]) => `${label}=${JSON.stringify(value)}`);
  return `${name}{${list.join(', ')}}`;
}

/** An input series: every label the family carries must be given, as the processor always writes them all. */
const input = <L extends Label>(source: Family<L>, labels: Record<L, string>, values: string): SeriesInput => ({
  series: seriesText(source.name, labels),
  values,
});

/** Ratios of rates carry float noise (0.49999…); tests compare at this precision. */
const PRECISION = 0.0001;

// round() drops the metric name, so expected samples carry the labels alone.
const sample = <L extends Label>(_rule: RecordingRule<L>, labels: Record<L, string>, value: number): ExpectedSample => ({
  labels: seriesText('', labels),
  value,
});

const expectRecorded = (rule: RecordingRule<Label>, evalTime: string, samples: ExpectedSample[]): PromqlExprTest => ({
  expr: `round(${rule.name}, ${PRECISION})`,
  eval_time: evalTime,
  exp_samples: samples,
});

const ruleNamed = (name: string): AlertRule => {
  const rule = ALERT_RULES.find((candidate) => candidate.alert === name);
  if (!rule) throw new Error(`no alert rule ${name}`);
  return rule;
};

/** The alert as promtool reports it once firing: its labels and its expanded annotations. */
function firing<L extends Label>(name: string, labels: Record<L, string>): ExpectedAlert {
  const rule = ruleNamed(name);
  const expand = (template: string) =>
    Object.entries<string>(labels).reduce((text, [label, value]) => text.replaceAll(`{{ $labels.${label} }}`, value), template);
  return {
    exp_labels: { severity: rule.severity, ...labels },
    exp_annotations: { summary: expand(rule.summary), description: expand(rule.description) },
  };
}

const SHOP = 'shop';
const CALM = 'calm';
const TINY = 'tiny';
const CHECKOUT = '/checkout';
const SEARCH = '/search';

const actions = family(Metric.USER_ACTIONS);
const sessionSegments = family(Metric.SESSION_SEGMENTS);
const sessionsEnded = family(Metric.SESSIONS_ENDED);
const rageClicks = family(Metric.RAGE_CLICKS);
const errors = family(Metric.ERRORS);
const problemsOpen = family(SyntheticMetric.PROBLEMS_OPEN);

const CHECKOUT_MONITOR = 'checkout';
const monitorAt = (location: string) => ({ [SyntheticLabel.MONITOR]: CHECKOUT_MONITOR, [SyntheticLabel.LOCATION]: location });

const action = (app: string, pageGroup: string, apdex: ApdexRating) => ({
  [Label.APP]: app,
  [Label.PAGE_GROUP]: pageGroup,
  [Label.ACTION_TYPE]: ActionType.LOAD,
  [Label.APDEX]: apdex,
});
const segment = (segmentValue: BehaviourSegment, converted: string) => ({
  [Label.APP]: SHOP,
  [Label.PAGE_GROUP]: CHECKOUT,
  [Label.SEGMENT]: segmentValue,
  [Label.CONVERTED]: converted,
});
const ended = (bounce: string) => ({
  [Label.APP]: SHOP,
  [Label.UX_SCORE]: UxScore.SATISFYING,
  [Label.END_REASON]: SessionEndReason.TIMEOUT,
  [Label.BOUNCE]: bounce,
  [Label.CONVERTED]: LABEL_FALSE,
  [Label.USER_TYPE]: UserType.REAL_USER,
});

export function ruleTests(ruleFile: string): RuleTestFile {
  return {
    rule_files: [ruleFile],
    evaluation_interval: '1m',
    tests: [
      {
        name: 'Apdex per application and page group',
        interval: '1m',
        input_series: [
          // /checkout: 6 satisfied, 4 tolerating, 6 frustrated a minute → (6 + 4/2) / 16 = 0.5
          input(actions, action(SHOP, CHECKOUT, ApdexRating.SATISFIED), '0+6x30'),
          input(actions, action(SHOP, CHECKOUT, ApdexRating.TOLERATING), '0+4x30'),
          input(actions, action(SHOP, CHECKOUT, ApdexRating.FRUSTRATED), '0+6x30'),
          // /search: only frustrated actions → 0, not a missing series
          input(actions, action(SHOP, SEARCH, ApdexRating.FRUSTRATED), '0+4x30'),
        ],
        promql_expr_test: [
          expectRecorded(Recorded.pageGroupApdex, '10m', [
            sample(Recorded.pageGroupApdex, { [Label.APP]: SHOP, [Label.PAGE_GROUP]: CHECKOUT }, 0.5),
            sample(Recorded.pageGroupApdex, { [Label.APP]: SHOP, [Label.PAGE_GROUP]: SEARCH }, 0),
          ]),
          // all of shop: (6 + 2) / 20 = 0.4
          expectRecorded(Recorded.appApdex, '10m', [sample(Recorded.appApdex, { [Label.APP]: SHOP }, 0.4)]),
        ],
      },
      {
        name: 'Conversion per behaviour segment, bounce rate, rage clicks per 1k sessions',
        interval: '1m',
        input_series: [
          // Sessions through /checkout a minute: clean 3 converted + 1 not; rage_click 4, none converted.
          input(sessionSegments, segment(BehaviourSegment.CLEAN, LABEL_TRUE), '0+3x60'),
          input(sessionSegments, segment(BehaviourSegment.CLEAN, LABEL_FALSE), '0+1x60'),
          input(sessionSegments, segment(BehaviourSegment.RAGE_CLICK, LABEL_FALSE), '0+4x60'),
          // 2 rage clicks a minute on /checkout
          input(rageClicks, { [Label.APP]: SHOP, [Label.PAGE_GROUP]: CHECKOUT }, '0+2x60'),
          // 4 sessions end a minute, 1 of them a bounce
          input(sessionsEnded, ended(LABEL_TRUE), '0+1x60'),
          input(sessionsEnded, ended(LABEL_FALSE), '0+3x60'),
        ],
        promql_expr_test: [
          expectRecorded(Recorded.segmentConversion, '60m', [
            sample(Recorded.segmentConversion, { [Label.APP]: SHOP, [Label.PAGE_GROUP]: CHECKOUT, [Label.SEGMENT]: BehaviourSegment.CLEAN }, 0.75),
            sample(Recorded.segmentConversion, { [Label.APP]: SHOP, [Label.PAGE_GROUP]: CHECKOUT, [Label.SEGMENT]: BehaviourSegment.RAGE_CLICK }, 0),
          ]),
          expectRecorded(Recorded.bounce, '60m', [sample(Recorded.bounce, { [Label.APP]: SHOP }, 0.25)]),
          // 2 rage clicks per 8 sessions through /checkout → 250 per 1000
          expectRecorded(Recorded.pageGroupRageClicksPer1kSessions, '60m', [
            sample(Recorded.pageGroupRageClicksPer1kSessions, { [Label.APP]: SHOP, [Label.PAGE_GROUP]: CHECKOUT }, 250),
          ]),
          // 2 rage clicks per 4 ended sessions → 500 per 1000
          expectRecorded(Recorded.appRageClicksPer1kSessions, '60m', [sample(Recorded.appRageClicksPer1kSessions, { [Label.APP]: SHOP }, 500)]),
        ],
      },
      {
        name: 'Apdex drop fires on a slow app with traffic, not on a healthy or a quiet one',
        interval: '1m',
        input_series: [
          // shop: 5 satisfied, 20 frustrated a minute → Apdex 0.2
          input(actions, action(SHOP, CHECKOUT, ApdexRating.SATISFIED), '0+5x40'),
          input(actions, action(SHOP, CHECKOUT, ApdexRating.FRUSTRATED), '0+20x40'),
          // calm: all satisfied
          input(actions, action(CALM, CHECKOUT, ApdexRating.SATISFIED), '0+20x40'),
          // tiny: all frustrated, but one action a minute is below the traffic floor
          input(actions, action(TINY, CHECKOUT, ApdexRating.FRUSTRATED), '0+1x40'),
        ],
        alert_rule_test: [
          // still pending: the drop must last 10 minutes
          { eval_time: '5m', alertname: 'RumApdexDrop', exp_alerts: [] },
          { eval_time: '20m', alertname: 'RumApdexDrop', exp_alerts: [firing('RumApdexDrop', { [Label.APP]: SHOP })] },
        ],
      },
      {
        name: 'Error and rage-click spikes fire against the hourly rate, not on steady or tiny volumes',
        interval: '1m',
        input_series: [
          // shop: 1 error a minute for an hour, then 30 a minute
          input(errors, { [Label.APP]: SHOP, [Label.PAGE_GROUP]: CHECKOUT, [Label.ERROR_TYPE]: ErrorType.JAVASCRIPT }, '0+1x60 90+30x10'),
          // calm: a steady 30 a minute is no spike
          input(errors, { [Label.APP]: CALM, [Label.PAGE_GROUP]: CHECKOUT, [Label.ERROR_TYPE]: ErrorType.JAVASCRIPT }, '0+30x70'),
          // shop: no rage clicks for an hour, then 5 a minute
          input(rageClicks, { [Label.APP]: SHOP, [Label.PAGE_GROUP]: CHECKOUT }, '0+0x60 5+5x10'),
          // tiny: from none to 1 a minute is a spike in ratio but below the floor
          input(rageClicks, { [Label.APP]: TINY, [Label.PAGE_GROUP]: CHECKOUT }, '0+0x60 1+1x10'),
        ],
        alert_rule_test: [
          { eval_time: '55m', alertname: 'RumErrorSpike', exp_alerts: [] },
          { eval_time: '70m', alertname: 'RumErrorSpike', exp_alerts: [firing('RumErrorSpike', { [Label.APP]: SHOP })] },
          { eval_time: '55m', alertname: 'RumRageClickSpike', exp_alerts: [] },
          { eval_time: '70m', alertname: 'RumRageClickSpike', exp_alerts: [firing('RumRageClickSpike', { [Label.APP]: SHOP })] },
        ],
      },
      {
        name: 'A synthetic problem fires per monitor and location while the runner holds it open',
        interval: '1m',
        input_series: [
          // eu-west: the outage rule opens a problem at 3m, the next successful run closes it at 8m
          input(problemsOpen, monitorAt('eu-west'), '0x2 1x4 0x3'),
          // us-east: the same monitor stays healthy
          input(problemsOpen, monitorAt('us-east'), '0x11'),
        ],
        alert_rule_test: [
          { eval_time: '2m', alertname: 'SyntheticMonitorProblem', exp_alerts: [] },
          { eval_time: '5m', alertname: 'SyntheticMonitorProblem', exp_alerts: [firing('SyntheticMonitorProblem', monitorAt('eu-west'))] },
          { eval_time: '9m', alertname: 'SyntheticMonitorProblem', exp_alerts: [] },
        ],
      },
    ],
  };
}
