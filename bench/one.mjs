// One benchmark run in its own process (so peak RSS is this run's): prints a JSON line.
// Usage: node bench/one.mjs <case> <scale> <violating|non-violating> [bfs|dfs]
import { checkCluster, loadCase } from '../dist/index.js';

const [id, scale, variant, strategy = 'bfs'] = process.argv.slice(2);
const spec = loadCase(id, { scale: Number(scale), nonViolation: variant === 'non-violating' });
const r = await checkCluster(spec, { strategy });
process.stdout.write(
  JSON.stringify({
    verdict: r.status,
    intent: r.failures[0]?.intent ?? null,
    states: r.stats.states,
    transitions: r.stats.transitions,
    depth: r.stats.depth,
    seconds: r.stats.seconds,
    statesPerSecond: r.stats.statesPerSecond,
    peakRssBytes: r.stats.peakRssBytes,
  }) + '\n',
);
