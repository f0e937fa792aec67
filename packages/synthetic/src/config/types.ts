import type { MonitorType } from '@otel-rum/semconv';

/** A JSON value as a JSON-path assertion compares it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** `200`, `[200, 204]` or a class such as `2xx`, normalised to a predicate's inputs. */
export interface StatusMatcher {
  readonly codes: readonly number[];
  readonly classes: readonly number[];
  /** As written in the config, for messages. */
  readonly text: string;
}

export interface JsonAssertion {
  /** `$.items[0].name` style path. */
  readonly path: string;
  /** The value must be deeply equal to this when given; otherwise it must merely exist. */
  readonly equals?: JsonValue;
}

export interface HttpAssertions {
  readonly status: StatusMatcher;
  readonly bodyContains: readonly string[];
  readonly json: readonly JsonAssertion[];
}

export interface HttpRequestStep {
  readonly name: string;
  readonly method: string;
  /** May hold `{{vault:…}}` references, resolved only while the run lasts. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Sent as it is, or as JSON; vault references are filled in each string before serialising. */
  readonly body?: { readonly text: string } | { readonly json: JsonValue };
  readonly thresholdMs?: number;
  readonly timeoutMs: number;
  readonly assert: HttpAssertions;
}

export type ClickpathAction =
  | { readonly kind: 'navigate'; readonly url: string }
  | { readonly kind: 'click'; readonly selector: string }
  | { readonly kind: 'type'; readonly selector: string; readonly text: string }
  | { readonly kind: 'waitFor'; readonly selector: string }
  /** A key (Playwright's names: `Enter`, `Tab`, `Control+a`) on the element, or on whatever has focus. */
  | { readonly kind: 'press'; readonly key: string; readonly selector?: string }
  | { readonly kind: 'assertText'; readonly selector: string; readonly contains: string };

export interface ClickpathStep {
  readonly name: string;
  readonly action: ClickpathAction;
  readonly thresholdMs?: number;
  readonly timeoutMs: number;
}

export interface OutageRule {
  /** This many failed runs in a row open a problem; one successful run closes it. */
  readonly consecutiveFailures: number;
}

interface MonitorBase {
  readonly id: string;
  readonly name: string;
  readonly enabled: boolean;
  readonly frequencyMs: number;
  readonly location: string;
  /** Performance threshold of the whole run. */
  readonly thresholdMs?: number;
  readonly outage: OutageRule;
}

export interface HttpMonitor extends MonitorBase {
  readonly type: typeof MonitorType.HTTP;
  readonly requests: readonly HttpRequestStep[];
}

/** A browser monitor loads one page; it is a clickpath of one navigate step and its checks. */
export interface BrowserMonitor extends MonitorBase {
  readonly type: typeof MonitorType.BROWSER;
  readonly steps: readonly ClickpathStep[];
}

export interface ClickpathMonitor extends MonitorBase {
  readonly type: typeof MonitorType.CLICKPATH;
  readonly steps: readonly ClickpathStep[];
}

export type Monitor = HttpMonitor | BrowserMonitor | ClickpathMonitor;

export interface TelemetryConfig {
  readonly serviceName: string;
  /** OTLP/HTTP traces endpoint (`…/v1/traces`); no spans leave the runner without one. */
  readonly tracesEndpoint?: string;
  readonly headers: Readonly<Record<string, string>>;
}

export interface ApiConfig {
  readonly host: string;
  readonly port: number;
  /** When set, every route but /healthz and /metrics wants `Authorization: Bearer <token>`, the token read from this environment variable. */
  readonly tokenEnv?: string;
}

export interface VaultConfig {
  /** Absolute, resolved against the config file's folder. */
  readonly path: string;
  /** The environment variable holding the vault's passphrase. */
  readonly keyEnv: string;
}

export interface BrowserConfig {
  readonly executablePath: string;
  readonly args: readonly string[];
  /** Browser runs at once; the others wait (a browser is heavy on a small runner). */
  readonly maxConcurrent: number;
}

export interface SyntheticConfig {
  /** Default location name of the monitors. */
  readonly location: string;
  readonly telemetry: TelemetryConfig;
  readonly api: ApiConfig;
  readonly vault?: VaultConfig;
  readonly browser: BrowserConfig;
  readonly monitors: readonly Monitor[];
}
