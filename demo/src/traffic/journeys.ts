import type { Page } from 'playwright-core';
import { MYSTERY_BOX_ID } from '../shop/catalog.js';
import { AccountRoute, ACCOUNT_LINK_ATTRIBUTE, byId, Id, Path, PAYMENT_API_PATH, productPath, READY_ATTRIBUTE } from '../shared/dom.js';

/** What a journey gets: a fresh browser page (its own session), the shop, and the dice. */
export interface JourneyContext {
  page: Page;
  shopOrigin: string;
  /** The RUM session id of the journey, read from the page once it is open. */
  sessionId?: string;
  random: () => number;
  /** A pause between steps, as a person reads the page. */
  think(): Promise<void>;
}

export interface JourneyOutcome {
  /** The session reached "payment finished" (the demo's conversion goal). */
  converted: boolean;
}

export interface Journey {
  /** Whether the journey is about a fault (rage click, JavaScript error): its segment in the progress display. */
  frustrated: boolean;
  run(context: JourneyContext): Promise<JourneyOutcome>;
}

const BUYABLE_PRODUCT_IDS = [1, 2, 3, 4, 5, 6, 8];
const RAGE_CLICKS = 5;
/** How long between the clicks of a rage burst: well inside the SDK's 1 s window. */
const RAGE_CLICK_GAP_MS = 150;
const PAYMENT_ATTEMPTS = 2;
/**
 * How long a visitor stares at the badge waiting for it to do something: longer than the SDK's 1 s
 * dead-click window, or the tab closes before the click can be called dead.
 */
const DEAD_CLICK_PATIENCE_MS = 1_500;

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

async function open(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForSelector(`body[${READY_ATTRIBUTE}]`);
}

/** Follows a link or a button that navigates, and waits for the next page to be ready. */
async function clickThrough(page: Page, selector: string, path: string): Promise<void> {
  await Promise.all([page.waitForURL((url) => url.pathname === path), page.click(selector)]);
  await page.waitForSelector(`body[${READY_ATTRIBUTE}]`);
}

/** Every journey starts here: the landing page, where the journey's RUM session starts. */
async function home(context: JourneyContext): Promise<void> {
  await open(context.page, context.shopOrigin + Path.HOME);
  const sessionId = await context.page.evaluate('window.shopRum && window.shopRum.getSessionId()');
  if (typeof sessionId === 'string') context.sessionId = sessionId;
  await context.think();
}

async function productList(context: JourneyContext): Promise<void> {
  await clickThrough(context.page, byId(Id.SHOP_NOW), Path.PRODUCTS);
  await context.think();
}

async function productPage(context: JourneyContext, productId: number): Promise<void> {
  await clickThrough(context.page, `a[data-product-id="${productId}"]`, productPath(productId));
  await context.think();
}

async function addToCart(context: JourneyContext): Promise<void> {
  await context.page.click(byId(Id.ADD_TO_CART));
  await context.page.waitForSelector(byId(Id.ADDED_TO_CART), { state: 'visible' });
  await context.think();
}

/** Home → products → a product → add to cart → cart → checkout with the form filled in. */
async function toCheckout(context: JourneyContext): Promise<void> {
  await home(context);
  await productList(context);
  await productPage(context, pick(context.random, BUYABLE_PRODUCT_IDS));
  await addToCart(context);
  await clickThrough(context.page, `a[href="${Path.CART}"]`, Path.CART);
  await context.think();
  await clickThrough(context.page, byId(Id.TO_CHECKOUT), Path.CHECKOUT);
  await context.page.fill(byId(Id.NAME), 'Demo Buyer');
  await context.page.fill(byId(Id.ADDRESS), '1 Trace Street, Spanville');
  await context.think();
}

/** Checkout → payment → "payment finished", retrying once when the payment service fails. */
async function pay(context: JourneyContext): Promise<JourneyOutcome> {
  const { page } = context;
  await clickThrough(page, byId(Id.TO_PAYMENT), Path.PAYMENT);
  await context.think();
  for (let attempt = 1; attempt <= PAYMENT_ATTEMPTS; attempt++) {
    const [response] = await Promise.all([page.waitForResponse((candidate) => new URL(candidate.url()).pathname === PAYMENT_API_PATH), page.click(byId(Id.PAY_NOW))]);
    if (response.ok()) {
      await page.waitForURL((url) => url.pathname === Path.PAYMENT_FINISHED);
      await page.waitForSelector(`body[${READY_ATTRIBUTE}]`);
      await context.think();
      return { converted: true };
    }
    await page.waitForSelector(byId(Id.PAYMENT_ERROR), { state: 'visible' });
    await context.think();
  }
  return { converted: false };
}

async function rageClickCoupon(context: JourneyContext): Promise<void> {
  await context.page.fill(byId(Id.COUPON_CODE), 'SPANS10');
  for (let click = 0; click < RAGE_CLICKS; click++) {
    await context.page.click(byId(Id.APPLY_COUPON));
    await context.page.waitForTimeout(RAGE_CLICK_GAP_MS);
  }
  await context.think();
}

/** Opens the mystery box, whose product page throws; the page stays half rendered. */
async function hitJavaScriptError(context: JourneyContext): Promise<void> {
  const { page } = context;
  const pageError = page.waitForEvent('pageerror');
  await Promise.all([page.waitForURL((url) => url.pathname === productPath(MYSTERY_BOX_ID)), page.click(`a[data-product-id="${MYSTERY_BOX_ID}"]`)]);
  await pageError;
  await context.think();
}

async function signOut(context: JourneyContext): Promise<void> {
  await context.page.click(byId(Id.SIGN_OUT));
  await context.page.waitForSelector(byId(Id.SIGNED_OUT), { state: 'visible' });
}

const NOT_CONVERTED: JourneyOutcome = { converted: false };

export const JOURNEYS = {
  /** Lands on the home page, clicks the badge that looks like a link (a dead click), leaves. */
  bounce: {
    frustrated: false,
    async run(context) {
      await home(context);
      await context.page.click(byId(Id.FREE_SHIPPING_BADGE));
      await context.page.waitForTimeout(DEAD_CLICK_PATIENCE_MS);
      return NOT_CONVERTED;
    },
  },
  /** Looks at two products, sometimes waits for the slow reviews, leaves. */
  browse: {
    frustrated: false,
    async run(context) {
      await home(context);
      await productList(context);
      await productPage(context, pick(context.random, BUYABLE_PRODUCT_IDS));
      if (context.random() < 0.5) {
        await context.page.click(byId(Id.SHOW_REVIEWS));
        await context.page.waitForSelector(`${byId(Id.REVIEWS)} blockquote`);
      }
      await context.page.goBack();
      await context.page.waitForSelector(`body[${READY_ATTRIBUTE}]`);
      await productPage(context, pick(context.random, BUYABLE_PRODUCT_IDS));
      return NOT_CONVERTED;
    },
  },
  /** Buys one product and signs out (the session ends through the API). */
  buy: {
    frustrated: false,
    async run(context) {
      await toCheckout(context);
      const outcome = await pay(context);
      if (outcome.converted) await signOut(context);
      return outcome;
    },
  },
  /** Fills the cart, gets to checkout, and leaves. */
  abandon: {
    frustrated: false,
    async run(context) {
      await toCheckout(context);
      return NOT_CONVERTED;
    },
  },
  /** The single-page account section: route changes, then sign out. */
  account: {
    frustrated: false,
    async run(context) {
      await home(context);
      await clickThrough(context.page, `header a[href="${Path.ACCOUNT}"]`, Path.ACCOUNT);
      for (const route of [AccountRoute.ORDERS, AccountRoute.PROFILE, AccountRoute.SETTINGS]) {
        await clickThrough(context.page, `a[${ACCOUNT_LINK_ATTRIBUTE}="${route}"]`, `${Path.ACCOUNT}/${route}`);
        await context.think();
      }
      await signOut(context);
      return NOT_CONVERTED;
    },
  },
  /** The coupon button does nothing; the user rage-clicks it and gives up. */
  'rage-leave': {
    frustrated: true,
    async run(context) {
      await toCheckout(context);
      await rageClickCoupon(context);
      return NOT_CONVERTED;
    },
  },
  /** Rage-clicks the coupon button, then buys anyway. */
  'rage-buy': {
    frustrated: true,
    async run(context) {
      await toCheckout(context);
      await rageClickCoupon(context);
      return pay(context);
    },
  },
  /** Tries to share a product (the button throws), opens the product page that throws, and leaves. */
  'error-leave': {
    frustrated: true,
    async run(context) {
      await home(context);
      await productList(context);
      await productPage(context, pick(context.random, BUYABLE_PRODUCT_IDS));
      const shareError = context.page.waitForEvent('pageerror');
      await context.page.click(byId(Id.SHARE));
      await shareError;
      await context.think();
      await context.page.goBack();
      await context.page.waitForSelector(`body[${READY_ATTRIBUTE}]`);
      await hitJavaScriptError(context);
      return NOT_CONVERTED;
    },
  },
  /** Opens the product page that throws, goes back and buys something else. */
  'error-buy': {
    frustrated: true,
    async run(context) {
      await home(context);
      await productList(context);
      await hitJavaScriptError(context);
      await context.page.goBack();
      await context.page.waitForSelector(`body[${READY_ATTRIBUTE}]`);
      await productPage(context, pick(context.random, BUYABLE_PRODUCT_IDS));
      await addToCart(context);
      await clickThrough(context.page, `a[href="${Path.CART}"]`, Path.CART);
      await clickThrough(context.page, byId(Id.TO_CHECKOUT), Path.CHECKOUT);
      await context.page.fill(byId(Id.NAME), 'Demo Buyer');
      await context.page.fill(byId(Id.ADDRESS), '1 Trace Street, Spanville');
      return pay(context);
    },
  },
} satisfies Record<string, Journey>;

export type JourneyName = keyof typeof JOURNEYS;
export const JOURNEY_NAMES = Object.keys(JOURNEYS) as JourneyName[];

/**
 * How often each journey runs in the default mix. Clean journeys buy about a third of the time;
 * frustrated ones rarely recover: that is the conversion gap the dashboards show.
 */
export const JOURNEY_WEIGHTS: Record<JourneyName, number> = {
  bounce: 10,
  browse: 22,
  buy: 25,
  abandon: 10,
  account: 5,
  'rage-leave': 14,
  'rage-buy': 1,
  'error-leave': 12,
  'error-buy': 1,
};

export function pickJourney(random: () => number): JourneyName {
  const total = JOURNEY_NAMES.reduce((sum, name) => sum + JOURNEY_WEIGHTS[name], 0);
  let roll = random() * total;
  for (const name of JOURNEY_NAMES) {
    roll -= JOURNEY_WEIGHTS[name];
    if (roll < 0) return name;
  }
  return JOURNEY_NAMES[JOURNEY_NAMES.length - 1]!;
}
