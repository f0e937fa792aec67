export { sanitizeUrl } from './sanitize-url.js';
export { cssSelector, describeElement, interactiveAncestor } from './describe-element.js';
