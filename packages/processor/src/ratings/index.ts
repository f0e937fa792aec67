export { apdexScore, apdexThresholdsFor, rateAction } from './apdex.js';
export { isBounce, uxScore, UX_WEIGHT_ACTION, UX_WEIGHT_CRASH, UX_WEIGHT_ERROR, UX_WEIGHT_RAGE_CLICK, type UxElements } from './ux-score.js';
export { CompiledGoals, globToRegExp, MAX_CONVERSION_GOALS } from './goals.js';
