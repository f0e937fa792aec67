// The shop's browser script: renders what the pages load from the API and wires the buttons,
// faults included. Bundled to dist/public/shop.js; the web SDK (loaded before it) watches it all.
import { AccountRoute, ACCOUNT_LINK_ATTRIBUTE, byId, Id, ORDER_STORAGE_KEY, Page, Path, productPath, READY_ATTRIBUTE } from '../shared/dom.js';

interface Product {
  id: number;
  name: string;
  priceCents: number;
  description: string;
  /** The bug on purpose: the page assumes every product has specs; the mystery box has none. */
  specs: { weightGrams: number; origin: string };
}
/** What the share button expects from the API, which never sends it: the button's bug on purpose. */
interface ShareableProduct extends Product {
  links: { share: string };
}
interface Cart {
  lines: { product: Product; quantity: number }[];
  totalCents: number;
}

/** The part of the web SDK's API the shop uses; `shopRum` is set by the page's init snippet. */
declare global {
  interface Window {
    shopRum?: { endSession(): void };
  }
}

const element = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const found = document.querySelector<T>(byId(id));
  if (!found) throw new Error(`shop: #${id} missing on this page`);
  return found;
};

const formatPrice = (cents: number): string => `$${(cents / 100).toFixed(2)}`;
const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

async function api<T>(path: string, init?: { method: string; body?: unknown }): Promise<T> {
  const response = await fetch(path, {
    method: init?.method ?? 'GET',
    headers: init?.body === undefined ? {} : { 'content-type': 'application/json' },
    body: init?.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (!response.ok) throw new Error(`${init?.method ?? 'GET'} ${path} answered ${response.status}`);
  return (await response.json()) as T;
}

function markReady(): void {
  document.body.setAttribute(READY_ATTRIBUTE, 'true');
}

async function showCartCount(): Promise<void> {
  const cart = await api<Cart>('/api/cart');
  element(Id.CART_COUNT).textContent = String(cart.lines.reduce((sum, line) => sum + line.quantity, 0));
}

/** Ends the RUM session and stays on the page: a navigation now would start the next session. */
function signOut(): void {
  window.shopRum?.endSession();
  element(Id.SIGNED_OUT).hidden = false;
}

const pages: Record<Page, () => Promise<void> | void> = {
  [Page.HOME]: () => {
    // The badge looks like a link and is not one: clicks on it are dead clicks.
  },

  [Page.PRODUCTS]: async () => {
    const products = await api<Product[]>('/api/products');
    element(Id.PRODUCT_LIST).innerHTML = products
      .map((product) => `<li class="card"><a href="${productPath(product.id)}" data-product-id="${product.id}">${escapeHtml(product.name)}</a><span>${formatPrice(product.priceCents)}</span></li>`)
      .join('');
  },

  [Page.PRODUCT]: async () => {
    const id = Number(location.pathname.split('/').pop());
    const product = await api<Product>(`/api/products/${id}`);
    // Throws a TypeError for the mystery box (no specs): the page's JavaScript error path, after
    // which the page never gets its buttons.
    const specs = `${product.specs.weightGrams} g, made in ${product.specs.origin}`;
    element(Id.PRODUCT).innerHTML = `<div id="${Id.PRODUCT_IMAGE}" class="product-image looks-clickable" title="Click to zoom">🔍</div>
<h1>${escapeHtml(product.name)}</h1><p class="price">${formatPrice(product.priceCents)}</p>
<p>${escapeHtml(product.description)}</p><p class="specs">${specs}</p>`;
    element(Id.ADD_TO_CART).addEventListener('click', () => {
      void api<Cart>('/api/cart', { method: 'POST', body: { productId: product.id, quantity: 1 } }).then(() => {
        element(Id.ADDED_TO_CART).hidden = false;
        return showCartCount();
      });
    });
    element(Id.SHARE).addEventListener('click', () => {
      // Throws a TypeError on every click (the API sends no links): an error click.
      void navigator.clipboard.writeText(new URL((product as ShareableProduct).links.share, location.href).href);
    });
    element(Id.SHOW_REVIEWS).addEventListener('click', () => {
      element(Id.REVIEWS).textContent = 'Loading reviews…';
      void api<{ author: string; stars: number; text: string }[]>(`/api/products/${product.id}/reviews`).then((reviews) => {
        element(Id.REVIEWS).innerHTML = reviews.map((review) => `<blockquote>${'★'.repeat(review.stars)} ${escapeHtml(review.text)} — ${escapeHtml(review.author)}</blockquote>`).join('');
      });
    });
  },

  [Page.CART]: async () => {
    const cart = await api<Cart>('/api/cart');
    element(Id.CART_ITEMS).innerHTML = cart.lines.length === 0
      ? '<li>Your cart is empty.</li>'
      : cart.lines.map((line) => `<li>${line.quantity} × ${escapeHtml(line.product.name)} <span>${formatPrice(line.product.priceCents * line.quantity)}</span></li>`).join('') +
        `<li class="total">Total <span>${formatPrice(cart.totalCents)}</span></li>`;
  },

  [Page.CHECKOUT]: () => {
    // The broken handler on purpose: it waits for a coupon service nobody wired up, so the button
    // does nothing at all, and users click it again and again (rage clicks).
    const couponService = new Promise<never>(() => {});
    element(Id.APPLY_COUPON).addEventListener('click', () => {
      void couponService.then(() => undefined);
    });
    element<HTMLFormElement>(Id.CHECKOUT_FORM).addEventListener('submit', (event) => {
      event.preventDefault();
      const body = { name: element<HTMLInputElement>(Id.NAME).value, address: element<HTMLInputElement>(Id.ADDRESS).value };
      void api<{ orderId: string }>('/api/checkout', { method: 'POST', body }).then(({ orderId }) => {
        sessionStorage.setItem(ORDER_STORAGE_KEY, orderId);
        location.assign(Path.PAYMENT);
      });
    });
  },

  [Page.PAYMENT]: () => {
    const button = element<HTMLButtonElement>(Id.PAY_NOW);
    button.addEventListener('click', () => {
      button.disabled = true;
      element(Id.PAYMENT_ERROR).hidden = true;
      api('/api/payment', { method: 'POST', body: { orderId: sessionStorage.getItem(ORDER_STORAGE_KEY) ?? '' } })
        .then(() => location.assign(Path.PAYMENT_FINISHED))
        .catch(() => {
          element(Id.PAYMENT_ERROR).hidden = false;
          button.disabled = false;
        });
    });
  },

  [Page.PAYMENT_FINISHED]: () => {
    element(Id.ORDER_NUMBER).textContent = sessionStorage.getItem(ORDER_STORAGE_KEY) ?? '';
    sessionStorage.removeItem(ORDER_STORAGE_KEY);
    element(Id.SIGN_OUT).addEventListener('click', signOut);
  },

  [Page.ACCOUNT]: async () => {
    const view = element(Id.ACCOUNT_VIEW);
    const render = async (route: string): Promise<void> => {
      const data = await api<unknown>(`/api/account/${route === AccountRoute.OVERVIEW ? 'overview' : route}`);
      view.innerHTML = `<h2>${escapeHtml(route || 'overview')}</h2><pre>${escapeHtml(JSON.stringify(data, null, 2))}</pre>`;
      markReady();
    };
    const routeOf = (path: string): string => path.slice(Path.ACCOUNT.length + 1);
    element(Id.ACCOUNT_NAV).addEventListener('click', (event) => {
      const link = (event.target as Element).closest(`a[${ACCOUNT_LINK_ATTRIBUTE}]`);
      if (!(link instanceof HTMLAnchorElement)) return;
      event.preventDefault();
      document.body.removeAttribute(READY_ATTRIBUTE);
      history.pushState(null, '', link.pathname);
      void render(link.getAttribute(ACCOUNT_LINK_ATTRIBUTE) ?? '');
    });
    window.addEventListener('popstate', () => void render(routeOf(location.pathname)));
    element(Id.SIGN_OUT).addEventListener('click', signOut);
    await render(routeOf(location.pathname));
  },
};

const page = document.body.dataset.page as Page;
void Promise.all([showCartCount(), pages[page]()]).then(markReady);
