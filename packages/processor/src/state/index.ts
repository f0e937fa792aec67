export { discardState, loadState, saveState, setStateAside, type ProcessorState } from './state-file.js';
