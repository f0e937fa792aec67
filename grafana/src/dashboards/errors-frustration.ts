// Errors and frustration: errors by type and page group, failed requests, rage/dead/error clicks,
// and the page groups where users struggle most.
import { Label, Metric } from '@otel-rum/semconv';
import { family, increaseOfAll, over, rate, regex, select, sumBy, topk } from '../promql/vector.js';
import { failedStatusClassPattern, Recorded } from '../rules/recording.js';
import { byApp, byAppAndPage, legend, RANGE_WINDOW, RATE_WINDOW, rumDashboard, type RumDashboard, table, timeseries } from './shared.js';

const errors = family(Metric.ERRORS);
const requests = family(Metric.REQUESTS);
const frustrationClicks = [family(Metric.RAGE_CLICKS), family(Metric.DEAD_CLICKS), family(Metric.ERROR_CLICKS)] as const;
const [rageClicks, deadClicks, errorClicks] = frustrationClicks;

const perSecond = (title: string, description: string, source: typeof rageClicks) =>
  timeseries(title, description, 'reqps', [{ vector: sumBy([Label.PAGE_GROUP], rate(over(source, byAppAndPage), RATE_WINDOW)), legend: legend(Label.PAGE_GROUP) }], 8);

export const errorsFrustrationDashboard: RumDashboard = {
  file: 'rum-errors-frustration.json',
  build: () =>
    rumDashboard('otel-rum-errors-frustration', 'RUM errors and frustration', 'Errors by type and page group, failed requests by status class, rage, dead and error clicks.')
      .withPanel(
        timeseries('Errors by type', 'Errors per second by type (javascript, request, custom, csp_violation, crash, anr).', 'reqps', [
          { vector: sumBy([Label.ERROR_TYPE], rate(over(errors, byAppAndPage), RATE_WINDOW)), legend: legend(Label.ERROR_TYPE) },
        ]),
      )
      .withPanel(
        timeseries('Errors by page group', 'Errors per second by page group.', 'reqps', [
          { vector: sumBy([Label.PAGE_GROUP], rate(over(errors, byAppAndPage), RATE_WINDOW)), legend: legend(Label.PAGE_GROUP) },
        ]),
      )
      .withPanel(
        timeseries('Error rate by page group', 'Recorded errors per user action over five minutes.', 'percentunit', [
          { vector: select(Recorded.errorsPerAction, byAppAndPage), legend: legend(Label.APP, Label.PAGE_GROUP) },
        ]),
      )
      .withPanel(
        timeseries('Failed requests by status class', 'Requests per second answered 4xx or 5xx, or never answered (network_error).', 'reqps', [
          {
            vector: sumBy([Label.STATUS_CLASS], rate(over(requests, { ...byAppAndPage, [Label.STATUS_CLASS]: regex(failedStatusClassPattern) }), RATE_WINDOW)),
            legend: legend(Label.STATUS_CLASS),
          },
        ]),
      )
      .withPanel(
        timeseries('Failed request share', 'Recorded share of failed requests over five minutes.', 'percentunit', [
          { vector: select(Recorded.requestErrors, byApp), legend: legend(Label.APP) },
        ]),
      )
      .withPanel(
        timeseries('Rage clicks per 1k sessions', 'Recorded rage clicks per thousand sessions through the page group, over an hour.', 'short', [
          { vector: select(Recorded.pageGroupRageClicksPer1kSessions, byAppAndPage), legend: legend(Label.APP, Label.PAGE_GROUP) },
        ]),
      )
      .withPanel(perSecond('Rage clicks by page group', 'Rage clicks per second: bursts of three or more clicks on one spot.', rageClicks))
      .withPanel(perSecond('Dead clicks by page group', 'Dead clicks per second: clicks after which nothing happened.', deadClicks))
      .withPanel(perSecond('Error clicks by page group', 'Error clicks per second: clicks followed by a JavaScript error.', errorClicks))
      .withPanel(
        table('Top pages by frustration', 'The ten page groups with the most rage, dead and error clicks in the time range.', [
          {
            name: 'Frustrated clicks',
            vector: topk(10, increaseOfAll([Label.APP, Label.PAGE_GROUP], frustrationClicks, byAppAndPage, RANGE_WINDOW)),
            unit: 'short',
          },
        ]),
      )
      .build(),
};
