import { resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import { SDK_INFO } from '@opentelemetry/core';
import type { Attributes } from '@opentelemetry/api';
import {
  ATTR_BROWSER_BRANDS,
  ATTR_BROWSER_LANGUAGE,
  ATTR_BROWSER_MOBILE,
  ATTR_BROWSER_PLATFORM,
  ATTR_RUM_APPLICATION_ID,
  ATTR_RUM_BROWSER_WINDOW_HEIGHT,
  ATTR_RUM_BROWSER_WINDOW_WIDTH,
  ATTR_RUM_INSTANCE_ID,
  ATTR_RUM_SCREEN_HEIGHT,
  ATTR_RUM_SCREEN_WIDTH,
  ATTR_SERVICE_NAME,
  ATTR_SERVICE_VERSION,
  ATTR_RUM_USER_TYPE,
  ATTR_USER_AGENT_ORIGINAL,
  ATTR_USER_AGENT_SYNTHETIC_TYPE,
  generateSessionId,
  SYNTHETIC_PAGE_MARKER_GLOBAL,
  UserType,
  type SyntheticPageMarker,
} from '@otel-rum/semconv';
import type { ResolvedOptions } from './options.js';

/** Chromium's User-Agent Client Hints (not in TypeScript's DOM library yet). */
interface UserAgentData {
  brands?: { brand: string; version: string }[];
  mobile?: boolean;
  platform?: string;
}

/**
 * The page load as an OTel resource (SPEC §2). Browser, OS and device names are left to the
 * processor, which parses `user_agent.original`: parsing here would cost bundle size on every page.
 */
export function pageResource(options: ResolvedOptions): Resource {
  const agentData = (navigator as Navigator & { userAgentData?: UserAgentData }).userAgentData;
  const attributes: Attributes = {
    ...SDK_INFO,
    [ATTR_SERVICE_NAME]: options.serviceName,
    [ATTR_RUM_APPLICATION_ID]: options.applicationId,
    // Any CSPRNG id will do; the session id generator is one.
    [ATTR_RUM_INSTANCE_ID]: generateSessionId(),
    [ATTR_USER_AGENT_ORIGINAL]: navigator.userAgent,
    [ATTR_BROWSER_LANGUAGE]: navigator.language,
    [ATTR_RUM_BROWSER_WINDOW_WIDTH]: innerWidth,
    [ATTR_RUM_BROWSER_WINDOW_HEIGHT]: innerHeight,
    [ATTR_RUM_SCREEN_WIDTH]: screen.width,
    [ATTR_RUM_SCREEN_HEIGHT]: screen.height,
  };
  if (options.serviceVersion) attributes[ATTR_SERVICE_VERSION] = options.serviceVersion;
  if (agentData?.mobile !== undefined) attributes[ATTR_BROWSER_MOBILE] = agentData.mobile;
  if (agentData?.platform) attributes[ATTR_BROWSER_PLATFORM] = agentData.platform;
  if (agentData?.brands?.length) attributes[ATTR_BROWSER_BRANDS] = agentData.brands.map(({ brand, version }) => `${brand} ${version}`);
  const syntheticRun = (window as Window & { [SYNTHETIC_PAGE_MARKER_GLOBAL]?: SyntheticPageMarker })[SYNTHETIC_PAGE_MARKER_GLOBAL];
  if (syntheticRun?.type) {
    attributes[ATTR_RUM_USER_TYPE] = UserType.SYNTHETIC;
    attributes[ATTR_USER_AGENT_SYNTHETIC_TYPE] = syntheticRun.type;
  }
  return resourceFromAttributes(attributes);
}
