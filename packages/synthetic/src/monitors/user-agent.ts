import { SYNTHETIC_USER_AGENT_TOKEN, type SyntheticPageMarker } from '@otel-rum/semconv';
import { PACKAGE_VERSION } from '../version.js';

/**
 * `OtelRumSynthetic/<version> (monitor=<id>; location=<location>)`: appended to Chromium's user
 * agent, and the whole user agent of HTTP monitors, so servers and the processor can tell.
 */
export const syntheticUserAgent = (marker: Pick<SyntheticPageMarker, 'monitorId' | 'location'>): string =>
  `${SYNTHETIC_USER_AGENT_TOKEN}/${PACKAGE_VERSION} (monitor=${marker.monitorId}; location=${marker.location})`;
