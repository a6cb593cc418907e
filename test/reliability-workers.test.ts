/**
 * Errors keep their type across worker threads (issue 15, reproduction 5; docs/reliability.md):
 * an input error raised while a setup is checked in a worker is the same InputError (exit 2,
 * same message) as without workers. Before, piscina handed the main thread a plain Error and
 * the CLI reported an internal error (exit 70).
 */
import { describe, expect, it } from 'vitest';
import { loadCase } from '../src/cases/index.js';
import { InputError } from '../src/model/errors.js';
import { scalingTemplate } from '../src/scaling/from-spec.js';
import { scalingSearch } from '../src/scaling/search.js';

/** c1 with a CPU pattern that has no usage value: every setup's compile rejects it. */
function badTemplate() {
  const spec = loadCase('c1', { scale: 3 });
  spec.podTemplates[0] = { ...spec.podTemplates[0], cpuPattern: { usage: [], at: [] } };
  return scalingTemplate(spec);
}

async function errorWith(workers: number): Promise<unknown> {
  try {
    await scalingSearch(badTemplate(), { workers });
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('reproduction 5: an input error in a worker thread', () => {
  it('is the same InputError with 1 and with 2 workers', async () => {
    const one = await errorWith(1);
    const two = await errorWith(2);
    expect(one).toBeInstanceOf(InputError);
    expect(two).toBeInstanceOf(InputError);
    expect((two as InputError).message).toBe((one as InputError).message);
    expect((one as InputError).field).toBe('cpuPattern.usage');
  });
});
