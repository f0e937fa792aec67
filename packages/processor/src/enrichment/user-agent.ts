import { UAParser } from 'ua-parser-js';
import { DeviceType } from '@otel-rum/semconv';
import { GenerationalCache } from './cache.js';

export interface UserAgentDetails {
  readonly browserName: string;
  readonly browserVersion: string;
  readonly osName: string;
  readonly osVersion: string;
  readonly deviceType: DeviceType;
  readonly deviceManufacturer: string;
  readonly deviceModel: string;
  /** A crawler, monitor or HTTP library rather than a person's browser. */
  readonly isBot: boolean;
}

/**
 * Crawlers, link previewers, uptime monitors and HTTP libraries. Headless Chrome is not here on
 * purpose: end-to-end tests and synthetic monitors drive it, and those mark themselves synthetic.
 */
export const DEFAULT_BOT_PATTERNS: readonly string[] = [
  'bot\\b', 'bot/', 'crawler', 'spider', 'slurp', 'facebookexternalhit', 'embedly',
  'pingdom', 'uptime', 'curl/', 'wget/', 'python-requests', 'python-urllib', 'go-http-client',
  'java/', 'okhttp', 'apache-httpclient', 'libwww-perl', 'scrapy', 'phantomjs', 'node-fetch', 'axios/',
];

const UNKNOWN = '';

function deviceTypeOf(parsed: string | undefined): DeviceType {
  if (parsed === undefined) return DeviceType.DESKTOP;
  if (parsed === 'mobile') return DeviceType.MOBILE;
  if (parsed === 'tablet') return DeviceType.TABLET;
  return DeviceType.OTHER;
}

/** User agent → browser, OS, device and bot flag, cached: a few thousand distinct agents cover most traffic. */
export class UserAgentAnalyzer {
  private readonly cache: GenerationalCache<string, UserAgentDetails>;
  private readonly botPattern: RegExp;

  constructor({ cacheSize = 5000, botPatterns = DEFAULT_BOT_PATTERNS }: { cacheSize?: number; botPatterns?: readonly string[] } = {}) {
    this.cache = new GenerationalCache(cacheSize);
    this.botPattern = new RegExp(botPatterns.join('|'), 'i');
  }

  analyze(userAgent: string): UserAgentDetails {
    const cached = this.cache.get(userAgent);
    if (cached) return cached;
    const { browser, os, device } = new UAParser(userAgent).getResult();
    const details: UserAgentDetails = {
      browserName: browser.name ?? UNKNOWN,
      browserVersion: browser.version ?? UNKNOWN,
      osName: os.name ?? UNKNOWN,
      osVersion: os.version ?? UNKNOWN,
      // Custom (non-browser) applications send no user agent.
      deviceType: userAgent ? deviceTypeOf(device.type) : DeviceType.OTHER,
      deviceManufacturer: device.vendor ?? UNKNOWN,
      deviceModel: device.model ?? UNKNOWN,
      isBot: this.botPattern.test(userAgent),
    };
    this.cache.set(userAgent, details);
    return details;
  }
}
