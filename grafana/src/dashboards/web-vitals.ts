// Web vitals: p75 of each vital per page group (Google's reporting percentile) and good/poor shares.
import { Label, Metric, WebVitalName, WebVitalRating } from '@otel-rum/semconv';
import { family, over, quantile, rate, ratio, sumBy } from '../promql/vector.js';
import { byAppAndPage, legend, RANGE_WINDOW, RATE_WINDOW, rumDashboard, type RumDashboard, stat, timeseries } from './shared.js';

/** Each vital's histogram and its unit: seconds for the timings, unitless for CLS. */
const VITALS = [
  { name: WebVitalName.LCP, title: 'LCP', metric: Metric.WEB_VITAL_LCP, unit: 's' },
  { name: WebVitalName.INP, title: 'INP', metric: Metric.WEB_VITAL_INP, unit: 's' },
  { name: WebVitalName.CLS, title: 'CLS', metric: Metric.WEB_VITAL_CLS, unit: 'none' },
  { name: WebVitalName.FCP, title: 'FCP', metric: Metric.WEB_VITAL_FCP, unit: 's' },
  { name: WebVitalName.TTFB, title: 'TTFB', metric: Metric.WEB_VITAL_TTFB, unit: 's' },
] as const;

const P75 = 0.75;
const ratings = family(Metric.WEB_VITAL_RATINGS);

const shareOf = (rating: WebVitalRating) =>
  ratio(
    sumBy([Label.VITAL], rate(over(ratings, { ...byAppAndPage, [Label.RATING]: rating }), RATE_WINDOW)),
    sumBy([Label.VITAL], rate(over(ratings, byAppAndPage), RATE_WINDOW)),
  );

export const webVitalsDashboard: RumDashboard = {
  file: 'rum-web-vitals.json',
  build: () => {
    const builder = rumDashboard('otel-rum-web-vitals', 'RUM web vitals', 'p75 of LCP, INP, CLS, FCP and TTFB per page group; good and poor shares.');
    for (const vital of VITALS) {
      builder.withPanel(
        stat(`${vital.title} p75`, `75th percentile of ${vital.title} in the time range.`, vital.unit, quantile(P75, family(vital.metric), [], byAppAndPage, RANGE_WINDOW), vital === VITALS[0] ? 4 : 5),
      );
    }
    for (const vital of VITALS) {
      builder.withPanel(
        timeseries(`${vital.title} p75 by page group`, `75th percentile of ${vital.title} per page group.`, vital.unit, [
          { vector: quantile(P75, family(vital.metric), [Label.PAGE_GROUP], byAppAndPage, RATE_WINDOW), legend: legend(Label.PAGE_GROUP) },
        ]),
      );
    }
    builder.withPanel(
      timeseries('Good share by vital', 'Share of measurements rated good.', 'percentunit', [{ vector: shareOf(WebVitalRating.GOOD), legend: legend(Label.VITAL) }]).min(0).max(1),
    );
    builder.withPanel(
      timeseries('Poor share by vital', 'Share of measurements rated poor.', 'percentunit', [{ vector: shareOf(WebVitalRating.POOR), legend: legend(Label.VITAL) }]).min(0).max(1),
    );
    builder.withPanel(
      timeseries('Measurements by rating', 'Web-vital measurements per second, by vital and rating.', 'reqps', [
        { vector: sumBy([Label.VITAL, Label.RATING], rate(over(ratings, byAppAndPage), RATE_WINDOW)), legend: legend(Label.VITAL, Label.RATING) },
      ]),
    );
    return builder.build();
  },
};
