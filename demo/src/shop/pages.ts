import { traceparentMetaTag } from '@otel-rum/node';
import { CATALOG, formatPrice } from './catalog.js';
import { AccountRoute, ACCOUNT_LINK_ATTRIBUTE, Id, Page, Path, productPath } from '../shared/dom.js';

/** What the page hands to `OtelRum.initRum`: any of its options, as JSON. */
export type RumPageConfig = { applicationId: string; serviceName: string; endpoint: string } & Record<string, unknown>;

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** JSON safe inside `<script>`: no `</script>` or comment opener can end the element early. */
const scriptJson = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');

interface PageContent {
  page: Page;
  title: string;
  main: string;
}

function layout(rum: RumPageConfig, { page, title, main }: PageContent): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${traceparentMetaTag()}
<title>${escapeHtml(title)} · OTel Outfitters</title>
<link rel="stylesheet" href="/style.css">
<script src="/otel-rum.iife.js"></script>
<script>window.shopRum = OtelRum.initRum(${scriptJson(rum)});</script>
<script src="/shop.js" defer></script>
</head>
<body data-page="${page}">
<header>
  <a class="brand" href="${Path.HOME}">OTel Outfitters</a>
  <nav>
    <a href="${Path.PRODUCTS}">Products</a>
    <a href="${Path.ACCOUNT}">Account</a>
    <a href="${Path.CART}">Cart (<span id="${Id.CART_COUNT}">0</span>)</a>
  </nav>
</header>
<main>
${main}
</main>
<footer>A demo shop for otel-rum. Every fault here is on purpose.</footer>
</body>
</html>`;
}

const home = (): PageContent => ({
  page: Page.HOME,
  title: 'Home',
  main: `<section class="hero">
  <h1>Observability apparel for people who read traces for fun</h1>
  <p>Tees, mugs and hoodies, shipped with full context propagation.</p>
  <a id="${Id.SHOP_NOW}" class="button" href="${Path.PRODUCTS}">Shop now</a>
  <div id="${Id.FREE_SHIPPING_BADGE}" class="badge looks-clickable">Free shipping over $50 →</div>
</section>
<section>
  <h2>Featured</h2>
  <ul class="grid">
    ${CATALOG.slice(0, 3).map((product) => `<li class="card"><a href="${productPath(product.id)}">${escapeHtml(product.name)}</a> <span>${formatPrice(product.priceCents)}</span></li>`).join('\n    ')}
  </ul>
</section>`,
});

const products = (): PageContent => ({
  page: Page.PRODUCTS,
  title: 'Products',
  main: `<h1>All products</h1>
<ul id="${Id.PRODUCT_LIST}" class="grid"><li>Loading…</li></ul>`,
});

const product = (): PageContent => ({
  page: Page.PRODUCT,
  title: 'Product',
  main: `<article id="${Id.PRODUCT}">Loading…</article>
<div class="actions">
  <button id="${Id.ADD_TO_CART}" type="button">Add to cart</button>
  <button id="${Id.SHOW_REVIEWS}" type="button" class="secondary">Show reviews</button>
  <button id="${Id.SHARE}" type="button" class="secondary">Share</button>
</div>
<p id="${Id.ADDED_TO_CART}" hidden>Added to your cart. <a href="${Path.CART}">View cart</a></p>
<section id="${Id.REVIEWS}"></section>`,
});

const cart = (): PageContent => ({
  page: Page.CART,
  title: 'Cart',
  main: `<h1>Your cart</h1>
<ul id="${Id.CART_ITEMS}"><li>Loading…</li></ul>
<a id="${Id.TO_CHECKOUT}" class="button" href="${Path.CHECKOUT}">Proceed to checkout</a>`,
});

const checkout = (): PageContent => ({
  page: Page.CHECKOUT,
  title: 'Checkout',
  main: `<h1>Checkout</h1>
<form id="${Id.CHECKOUT_FORM}">
  <label>Name <input id="${Id.NAME}" name="name" autocomplete="name" required></label>
  <label>Shipping address <input id="${Id.ADDRESS}" name="address" autocomplete="street-address" required></label>
  <div class="coupon">
    <label>Coupon <input id="${Id.COUPON_CODE}" name="coupon"></label>
    <button id="${Id.APPLY_COUPON}" type="button" class="secondary">Apply coupon</button>
  </div>
  <button id="${Id.TO_PAYMENT}" type="submit">Continue to payment</button>
</form>`,
});

const payment = (): PageContent => ({
  page: Page.PAYMENT,
  title: 'Payment',
  main: `<h1>Payment</h1>
<p>Card ending in 4242 (demo; nothing is charged).</p>
<button id="${Id.PAY_NOW}" type="button">Pay now</button>
<p id="${Id.PAYMENT_ERROR}" class="error" hidden>The payment service is unavailable. Please try again.</p>`,
});

const paymentFinished = (): PageContent => ({
  page: Page.PAYMENT_FINISHED,
  title: 'Thank you',
  main: `<h1>Payment finished</h1>
<p>Thank you! Your order <strong id="${Id.ORDER_NUMBER}"></strong> is on its way.</p>
<a class="button" href="${Path.PRODUCTS}">Continue shopping</a>
<button id="${Id.SIGN_OUT}" type="button" class="secondary">Sign out</button>
${SIGNED_OUT}`,
});

const SIGNED_OUT = `<p id="${Id.SIGNED_OUT}" hidden>You are signed out. <a href="${Path.HOME}">Back to the shop</a></p>`;

const ACCOUNT_LINKS: [AccountRoute, string][] = [
  [AccountRoute.OVERVIEW, 'Overview'],
  [AccountRoute.ORDERS, 'Orders'],
  [AccountRoute.PROFILE, 'Profile'],
  [AccountRoute.SETTINGS, 'Settings'],
];

/** The single-page section: one HTML shell for every `/account/*` route; the script routes. */
const account = (): PageContent => ({
  page: Page.ACCOUNT,
  title: 'Account',
  main: `<h1>Your account</h1>
<nav id="${Id.ACCOUNT_NAV}" class="tabs">
  ${ACCOUNT_LINKS.map(([route, label]) => `<a href="${Path.ACCOUNT}${route ? `/${route}` : ''}" ${ACCOUNT_LINK_ATTRIBUTE}="${route}">${label}</a>`).join('\n  ')}
  <button id="${Id.SIGN_OUT}" type="button" class="secondary">Sign out</button>
</nav>
${SIGNED_OUT}
<section id="${Id.ACCOUNT_VIEW}"></section>`,
});

/** The HTML page for a path, or `undefined` when the shop has none. */
export function renderPage(path: string, rum: RumPageConfig): string | undefined {
  const content = pageFor(path);
  return content && layout(rum, content);
}

function pageFor(path: string): PageContent | undefined {
  if (path === Path.HOME) return home();
  if (path === Path.PRODUCTS) return products();
  if (/^\/products\/\d+$/.test(path)) return product();
  if (path === Path.CART) return cart();
  if (path === Path.CHECKOUT) return checkout();
  if (path === Path.PAYMENT) return payment();
  if (path === Path.PAYMENT_FINISHED) return paymentFinished();
  if (path === Path.ACCOUNT || ACCOUNT_LINKS.some(([route]) => route && path === `${Path.ACCOUNT}/${route}`)) return account();
  return undefined;
}
