/**
 * A piscina worker: checks one setup. An input error is returned as data, not thrown: an error
 * thrown in a worker thread reaches the main thread as a plain Error (its class is lost), and
 * would turn exit 2 into an internal error (docs/reliability.md). A setup whose stop flag is set
 * by the time it leaves the pool's queue is not started.
 */
import { InputError } from '../model/errors.js';
import { checkSetup, stopRequested, type SetupTask, type WorkerReply } from './check-setup.js';

export default async function checkSetupInWorker(task: SetupTask): Promise<WorkerReply> {
  if (stopRequested(task)) return { notStarted: true };
  try {
    return await checkSetup(task);
  } catch (e) {
    if (e instanceof InputError) return { inputError: { reason: e.reason, object: e.object, field: e.field, file: e.file } };
    throw e;
  }
}
