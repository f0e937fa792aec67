import {
  ATTR_BROWSER_WEB_VITAL_DELTA,
  ATTR_BROWSER_WEB_VITAL_ID,
  ATTR_BROWSER_WEB_VITAL_NAME,
  ATTR_BROWSER_WEB_VITAL_RATING,
  ATTR_BROWSER_WEB_VITAL_VALUE,
  ATTR_RUM_SESSION_ID,
  EventType,
} from '@otel-rum/semconv';
import { onCLS, onFCP, onINP, onLCP, onTTFB, type Metric } from 'web-vitals';
import type { Instrumentation } from '../core/types.js';

/**
 * Core Web Vitals through Google's `web-vitals`: one `web_vital` span each time the library reports
 * (LCP at the first input or when hidden, CLS and INP when the page is hidden, FCP and TTFB once).
 */
export const webVitalsInstrumentation: Instrumentation = {
  name: 'web-vitals',
  install(core) {
    // web-vitals cannot unsubscribe; a stopped SDK just stops recording.
    let installed = true;
    const report = (metric: Metric): void => {
      // After endSession() or a timeout the page's vitals have no session to join, and starting one
      // for them would count a session without a single user action.
      const sessionId = core.activeSessionId();
      if (!installed || !sessionId) return;
      const name = metric.name.toLowerCase();
      core.recordEvent(EventType.WEB_VITAL, `${EventType.WEB_VITAL} ${name}`, {
        parent: null,
        attributes: {
          [ATTR_RUM_SESSION_ID]: sessionId,
          [ATTR_BROWSER_WEB_VITAL_NAME]: name,
          [ATTR_BROWSER_WEB_VITAL_VALUE]: metric.value,
          [ATTR_BROWSER_WEB_VITAL_DELTA]: metric.delta,
          [ATTR_BROWSER_WEB_VITAL_ID]: metric.id,
          [ATTR_BROWSER_WEB_VITAL_RATING]: metric.rating,
        },
      });
    };
    for (const observe of [onLCP, onINP, onCLS, onFCP, onTTFB]) observe(report);
    return () => {
      installed = false;
    };
  },
};
