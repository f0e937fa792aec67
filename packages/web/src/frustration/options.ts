/** What the app's `onRageClick` callback gets for each rage click. */
export interface RageClick {
  clickCount: number;
  /** The CSS selector recorded as `dt.rum.action.target`. */
  target: string;
  /** The element of the burst's first click. */
  element: Element;
}

/** The `frustration` options of `initRum`; every key is optional there. */
export interface FrustrationOptions {
  /** Record rage clicks. */
  rageClicks: boolean;
  /** Clicks a burst needs to be a rage click. */
  rageClickMinClicks: number;
  /** Most time between one click of a burst and the next; a longer pause ends the burst. */
  rageClickWindowMs: number;
  /** Clicks on another element still belong to the burst when this close to its first click (CSS px). */
  rageClickRadiusPx: number;
  /** Clicks on elements matching these selectors (or inside them) never count towards a rage click. */
  rageClickIgnoreSelectors: readonly string[];
  /** Called with each rage click once its span is recorded; what it throws is logged, not raised. */
  onRageClick?: (rageClick: RageClick) => void;
  /** Record dead clicks. */
  deadClicks: boolean;
  /** A click after which nothing happens for this long is dead. */
  deadClickDelayMs: number;
  /** Record error clicks. */
  errorClicks: boolean;
  /** A JavaScript error this soon after a click makes it an error click. */
  errorClickWindowMs: number;
}

/** Every threshold of the frustration signals (SPEC §2), in one place; `initRum({ frustration })` overrides them. */
export const DEFAULT_FRUSTRATION_OPTIONS: Readonly<FrustrationOptions> = Object.freeze({
  rageClicks: true,
  rageClickMinClicks: 3,
  rageClickWindowMs: 1000,
  rageClickRadiusPx: 32,
  rageClickIgnoreSelectors: [],
  deadClicks: true,
  deadClickDelayMs: 1000,
  errorClicks: true,
  errorClickWindowMs: 1000,
});
