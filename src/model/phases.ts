/** Phases of an event or user-command process (docs/docs/model.md §10.1), stored in its E_PHASE word. */

/** Not spawned yet: waiting for init's after-stable launch. A valid end. */
export const EVENT_UNSPAWNED = 0;
/** Spawned and able to take its next step. */
export const EVENT_READY = 1;
/** eventCpuChange passed its guard and waits for a started pod. Not a valid end. */
export const EVENT_ARMED = 2;
/** Finished (fired, gave up, or ran to its end). A valid end. */
export const EVENT_DONE = 3;
/** nodeFailure's second and third steps. */
export const EVENT_STEP2 = 4;
export const EVENT_STEP3 = 5;
