// The DOM contract between the shop's pages (server), its browser script and the traffic
// generator: one place for the ids they all use.

/** `data-page` on `<body>` tells the browser script which page it runs on. */
export const Page = {
  HOME: 'home',
  PRODUCTS: 'products',
  PRODUCT: 'product',
  CART: 'cart',
  CHECKOUT: 'checkout',
  PAYMENT: 'payment',
  PAYMENT_FINISHED: 'payment-finished',
  ACCOUNT: 'account',
} as const;
export type Page = (typeof Page)[keyof typeof Page];

export const Path = {
  HOME: '/',
  PRODUCTS: '/products',
  CART: '/cart',
  CHECKOUT: '/checkout',
  PAYMENT: '/payment',
  PAYMENT_FINISHED: '/payment/finished',
  ACCOUNT: '/account',
} as const;

export const productPath = (id: number): string => `${Path.PRODUCTS}/${id}`;

/** The SPA section's routes, below `/account`. */
export const AccountRoute = {
  OVERVIEW: '',
  ORDERS: 'orders',
  PROFILE: 'profile',
  SETTINGS: 'settings',
} as const;
export type AccountRoute = (typeof AccountRoute)[keyof typeof AccountRoute];

export const Id = {
  CART_COUNT: 'cart-count',
  SHOP_NOW: 'shop-now',
  FREE_SHIPPING_BADGE: 'free-shipping-badge',
  PRODUCT_LIST: 'product-list',
  PRODUCT: 'product',
  PRODUCT_IMAGE: 'product-image',
  ADD_TO_CART: 'add-to-cart',
  ADDED_TO_CART: 'added-to-cart',
  SHOW_REVIEWS: 'show-reviews',
  SHARE: 'share',
  REVIEWS: 'reviews',
  CART_ITEMS: 'cart-items',
  TO_CHECKOUT: 'to-checkout',
  CHECKOUT_FORM: 'checkout-form',
  NAME: 'name',
  ADDRESS: 'address',
  COUPON_CODE: 'coupon-code',
  APPLY_COUPON: 'apply-coupon',
  TO_PAYMENT: 'to-payment',
  PAY_NOW: 'pay-now',
  PAYMENT_ERROR: 'payment-error',
  ORDER_NUMBER: 'order-number',
  SIGN_OUT: 'sign-out',
  SIGNED_OUT: 'signed-out',
  ACCOUNT_NAV: 'account-nav',
  ACCOUNT_VIEW: 'account-view',
} as const;

export const byId = (id: string): string => `#${id}`;

/** `data-product-id` on each product link of the list. */
export const PRODUCT_LINK_SELECTOR = 'a[data-product-id]';
/** `data-route` on the SPA section's links. */
export const ACCOUNT_LINK_ATTRIBUTE = 'data-route';
/** Set on `<body>` once the page's script has rendered what it loads, so drivers know when to act. */
export const READY_ATTRIBUTE = 'data-ready';

/** sessionStorage key of the order being paid. */
export const ORDER_STORAGE_KEY = 'shop.order';
