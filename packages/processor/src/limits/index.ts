export { AddressSet, isCidr, maskAddress, resolveClientAddress } from './client-address.js';
export { readBody, decodeContent, type BodyLimits } from './body.js';
export { CorsPolicy, ANY_ORIGIN, CORS_ALLOWED_HEADERS, CORS_ALLOWED_METHODS, CORS_MAX_AGE_SECONDS } from './cors.js';
export { RequestRejected } from './errors.js';
export { RateLimiter, type RateDecision, type RateLimitSettings } from './rate-limit.js';
export { clockSkewCorrectionMs, isWithinTimeLimits, type TimeLimits } from './timestamps.js';
export { consoleLogger, DropLog, type Logger } from './drop-log.js';
