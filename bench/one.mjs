// One benchmark run in its own process (so peak RSS is this run's): prints a JSON line.
// Usage: node bench/one.mjs <case> <scale> <violating|non-violating> [bfs|dfs|fine|fine-unreduced|bfs-2w] [no-symmetry]
// no-symmetry: the model without the symmetry reduction (`--no-symmetry`, docs/model.md §8.11.5).
// fine: breadth-first with --interleaving fine and its sleep-set reduction (docs/model.md §7.5-7.6).
// bfs-2w: the parallel breadth-first search on two worker threads (docs/performance.md); the
// CPU time is the process's, all threads.
// storeBytes: the most the search's stores (visited set, trace tree, queue) held.
// The search runs on its own (compile before, replay after) so that the bytes allocated
// (bench/alloc.mjs) are the search's alone.
import { compile, KiviModel, loadCase, parallelSearch, search, tiesTooLarge } from '../dist/index.js';
import { modelRecipe } from '../dist/system/parallel-model.js';
import { intentByCode } from '../dist/intents/catalog.js';
import { measureAllocation } from './alloc.mjs';

const [id, scale, variant, strategy = 'bfs', flag] = process.argv.slice(2);
const symmetry = flag !== 'no-symmetry';
const spec = loadCase(id, { scale: Number(scale), nonViolation: variant === 'non-violating' });
// Where exploring every scheduler tie outgrows memory (docs/model.md §8.2.4), the run takes ties
// to the lowest index, and the row says so.
const lowestTies = tiesTooLarge(id, Number(scale), variant === 'non-violating');
if (lowestTies) spec.scheduler = { ...spec.scheduler, ties: 'lowest' };
const cfg = compile(spec);
const fine = strategy.startsWith('fine');
const model = new KiviModel(cfg, { interleaving: fine ? 'fine' : 'coarse', symmetry });
const cpu0 = process.cpuUsage();
const workers = /^bfs-(\d+)w$/.exec(strategy);
const run = workers
  ? () => parallelSearch(model, modelRecipe(spec, 'coarse', symmetry), { workers: Number(workers[1]) })
  : () => search(model, { strategy: fine ? 'bfs' : strategy, reduction: strategy !== 'fine-unreduced' });
const { value: r, allocatedBytes, gcs } = await measureAllocation(run);
const cpu = process.cpuUsage(cpu0); // this process's CPU time around the search (all its threads)
// checkCluster reports failures in the order of the intents: the first is the one named here.
const codes = r.violations.map((v) => v.code).filter((c) => cfg.intents.includes(c));
codes.sort((a, b) => cfg.intents.indexOf(a) - cfg.intents.indexOf(b));
process.stdout.write(
  JSON.stringify({
    verdict: r.status,
    lowestTies,
    intent: codes.length > 0 ? intentByCode(codes[0]).user : null,
    states: r.stats.states,
    transitions: r.stats.transitions,
    pruned: r.stats.pruned ?? 0,
    depth: r.stats.depth,
    seconds: r.stats.seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    statesPerSecond: r.stats.statesPerSecond,
    peakRssBytes: r.stats.peakRssBytes,
    storeBytes: r.stats.storeBytes,
    allocatedBytes,
    bytesPerTransition: r.stats.transitions > 0 ? allocatedBytes / r.stats.transitions : 0,
    gcs,
  }) + '\n',
);
