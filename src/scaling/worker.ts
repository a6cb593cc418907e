/** A piscina worker: checks one setup. */
export { checkSetup as default } from './check-setup.js';
