/** Phases of a one-shot event process (model.md §6.3.8), stored in its E_PHASE word. */

/** Not spawned yet: waiting for init's after-stable launch. A valid end. */
export const EVENT_UNSPAWNED = 0;
/** Spawned: its next step either arms it (guard true) or gives up (guard false). */
export const EVENT_POLLING = 1;
/** Passed its guard, waiting for the deployment to have a started pod. Not a valid end. */
export const EVENT_ARMED = 2;
/** Fired or gave up. A valid end. */
export const EVENT_DONE = 3;
