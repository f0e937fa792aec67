import {
  ATTR_RUM_BROWSER_WINDOW_HEIGHT,
  ATTR_RUM_BROWSER_WINDOW_WIDTH,
  ATTR_RUM_SCREEN_HEIGHT,
  ATTR_RUM_SCREEN_WIDTH,
  ATTR_RUM_USER_TYPE,
  ATTR_USER_AGENT_ORIGINAL,
  ATTR_USER_AGENT_SYNTHETIC_TYPE,
  ATTR_GEO_COUNTRY_ISO_CODE,
  isSyntheticUserAgent,
  UserType,
} from '@otel-rum/semconv';
import type { ClientInfo, ScalarValue } from '../model.js';
import type { UserAgentAnalyzer } from './user-agent.js';

type Attributes = Readonly<Record<string, ScalarValue>>;

const sizeOf = (value: ScalarValue | undefined): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 && value < 100_000 ? Math.round(value) : undefined;

const COUNTRY_CODE = /^[A-Z]{2}$/;

/**
 * Who sent a resource's spans: user type (synthetic when the sender says so or its user agent carries
 * our synthetic runner's token, robot when its user agent looks like one), browser, OS and device from
 * the user agent, window and screen sizes, and the already-masked client address. `spanAttributes`
 * are the first span's, where a synthetic monitor may mark itself instead of on the resource.
 */
export function describeClient(resource: Attributes, spanAttributes: Attributes, maskedAddress: string, userAgents: UserAgentAnalyzer): ClientInfo {
  const userAgentValue = resource[ATTR_USER_AGENT_ORIGINAL];
  const userAgent = typeof userAgentValue === 'string' ? userAgentValue : '';
  const details = userAgents.analyze(userAgent);
  const synthetic =
    resource[ATTR_RUM_USER_TYPE] === UserType.SYNTHETIC ||
    spanAttributes[ATTR_RUM_USER_TYPE] === UserType.SYNTHETIC ||
    resource[ATTR_USER_AGENT_SYNTHETIC_TYPE] !== undefined ||
    spanAttributes[ATTR_USER_AGENT_SYNTHETIC_TYPE] !== undefined ||
    isSyntheticUserAgent(userAgent);
  const country = resource[ATTR_GEO_COUNTRY_ISO_CODE];
  const client: { -readonly [K in keyof ClientInfo]: ClientInfo[K] } = {
    userType: synthetic ? UserType.SYNTHETIC : details.isBot ? UserType.ROBOT : UserType.REAL_USER,
    deviceType: details.deviceType,
  };
  if (details.browserName) client.browserName = details.browserName;
  if (details.browserVersion) client.browserVersion = details.browserVersion;
  if (details.osName) client.osName = details.osName;
  if (details.osVersion) client.osVersion = details.osVersion;
  if (details.deviceManufacturer) client.deviceManufacturer = details.deviceManufacturer;
  if (details.deviceModel) client.deviceModel = details.deviceModel;
  const windowWidth = sizeOf(resource[ATTR_RUM_BROWSER_WINDOW_WIDTH]);
  const windowHeight = sizeOf(resource[ATTR_RUM_BROWSER_WINDOW_HEIGHT]);
  const screenWidth = sizeOf(resource[ATTR_RUM_SCREEN_WIDTH]);
  const screenHeight = sizeOf(resource[ATTR_RUM_SCREEN_HEIGHT]);
  if (windowWidth !== undefined) client.windowWidth = windowWidth;
  if (windowHeight !== undefined) client.windowHeight = windowHeight;
  if (screenWidth !== undefined) client.screenWidth = screenWidth;
  if (screenHeight !== undefined) client.screenHeight = screenHeight;
  if (maskedAddress) client.clientAddress = maskedAddress;
  if (typeof country === 'string' && COUNTRY_CODE.test(country)) client.countryIsoCode = country;
  return client;
}
