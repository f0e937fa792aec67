export { discardState, loadState, saveState, type ProcessorState } from './state-file.js';
