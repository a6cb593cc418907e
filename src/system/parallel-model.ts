/**
 * kivi's model for the parallel search's worker threads (src/checker/parallel-search.ts): each
 * rebuilds it from the cluster, as check.ts builds it in this thread, so every thread searches
 * the same transition system.
 */
import { builtModule } from '../checker/built-module.js';
import type { SystemRecipe } from '../checker/parallel-search.js';
import type { TransitionSystem } from '../checker/transition-system.js';
import type { ClusterSpec } from '../model/cluster.js';
import { compile } from './compile.js';
import { type Interleaving, KiviModel } from './kivi-model.js';

export interface ModelArgs {
  spec: ClusterSpec;
  interleaving?: Interleaving;
  /** false: without the symmetry reduction (`--no-symmetry`, docs/model.md §8.11.5). */
  symmetry?: boolean;
}

/** The worker's builder (SystemRecipe's default export name). */
export function buildSystem(args: ModelArgs): TransitionSystem {
  return new KiviModel(compile(args.spec), { interleaving: args.interleaving, symmetry: args.symmetry });
}

/** The recipe of kivi's model of `spec`. */
export function modelRecipe(spec: ClusterSpec, interleaving?: Interleaving, symmetry?: boolean): SystemRecipe {
  return { module: builtModule('system/parallel-model.js').href, args: { spec, interleaving, symmetry } satisfies ModelArgs };
}
