// `npm run bench`: the speed table. Every row is a separate process; "wall" is that whole
// process (Node start-up included), "search" the explorer alone ("search cpu s": the CPU time
// the process used meanwhile, all its threads; steadier than the clock on a busy machine).
// "B/state" is the most the search's stores held (visited set, trace tree, queue of states to
// expand) per distinct state; "B/transition" the bytes the search allocated on the V8 heap
// (bench/alloc.mjs: summed from V8's used heap size around every garbage collection) per
// transition. "cpu vs last" is this row's search CPU time over the same row's in the run
// compared with (bench/last-run.json, written by every full run; --compare FILE for another).
// Options: --quick (scales 3 and 10 only, no large configuration), --case cN (one case),
// --repeat N (whole-process runs of `kivi -c cN -o` at scale 3 for every case), --no-save.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const repeatAt = args.indexOf('--repeat');
const repeat = repeatAt >= 0 ? Number(args[repeatAt + 1]) : 5;
const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const compareAt = args.indexOf('--compare');
const lastFile = compareAt >= 0 ? args[compareAt + 1] : here('./last-run.json');
const last = existsSync(lastFile) ? JSON.parse(readFileSync(lastFile, 'utf8')) : { rows: {} };

const caseAt = args.indexOf('--case');
const onlyCase = caseAt >= 0 ? args[caseAt + 1] : undefined;
const ALL = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8'];
// c3 keeps its own scales: its generator rounds to odd node counts (3, 11, 51, 101, 201).
const CASES = ALL.filter((id) => !onlyCase || id === onlyCase).map((id) => ({
  id,
  scales: quick ? [3, 10] : id === 'c3' ? [3, 11, 51, 101, 201] : [3, 10, 50, 200],
}));
const VARIANTS = ['violating', 'non-violating'];
// The large configurations: c6 -cn without the symmetry reduction (--no-symmetry,
// docs/model.md §8.11.5; with it c6 -cn takes a few thousand states) at scale 12 explores
// 3.6 M states and at scale 14 (the largest) 17.1 M states (every tie, 413- and 463-word
// states), in both orders, to compare breadth-first with depth-first on the same space.
// bfs-2w: the same breadth-first search on two worker threads (docs/performance.md, "Parallel
// breadth-first search"); the one-worker row is bfs. The workers' fixed costs (their start, V8
// compiling the model once per thread) and per-level ones weigh less on the larger search.
const LARGE_SCALES = [12, 14];
const LARGE = quick || (onlyCase && onlyCase !== 'c6') ? [] : LARGE_SCALES.flatMap((scale) => ['bfs', 'dfs', 'bfs-2w'].map((mode) => ['c6', scale, 'non-violating', mode, 'no-symmetry']));

function timed(argv) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, argv, { encoding: 'utf8', maxBuffer: 1 << 26 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  return { r, wall };
}

const runs = [];
for (const { id, scales } of CASES) for (const scale of scales) for (const variant of VARIANTS) runs.push([id, scale, variant, 'bfs']);
runs.push(...LARGE);
// --interleaving fine (docs/model.md §7.5) on c8 at scale 5, with its sleep-set reduction (§7.6)
// and without: the reference's ablation without atomic bursts needed 4.2 M states, 193 s and
// 6.2 GB there.
if (!onlyCase || onlyCase === 'c8') for (const variant of VARIANTS) for (const mode of ['fine', 'fine-unreduced']) runs.push(['c8', 5, variant, mode]);

const rows = [];
const results = {};
for (const [id, scale, variant, strategy, flag] of runs) {
  const { r, wall } = timed([here('./one.mjs'), id, String(scale), variant, strategy, ...(flag ? [flag] : [])]);
  if (r.status !== 0) {
    console.error(`bench: ${id} ${scale} ${variant} ${strategy} failed:\n${r.stderr}`);
    process.exit(1);
  }
  const x = JSON.parse(r.stdout);
  const key = `${id} ${scale} ${variant} ${strategy}`;
  results[key] = { ...x, wall };
  const before = last.rows[key];
  rows.push([
    id, scale, `${variant}${x.lowestTies ? ' (ties: lowest)' : ''}${flag ? ` (--${flag})` : ''}`, strategy, x.verdict, x.states, x.transitions, x.depth,
    x.seconds.toFixed(3), x.cpuSeconds.toFixed(3), wall.toFixed(3), Math.round(x.statesPerSecond),
    x.storeBytes && x.states > 0 ? (x.storeBytes / x.states).toFixed(1) : '', (x.peakRssBytes / 2 ** 20).toFixed(1),
    x.bytesPerTransition.toFixed(1), before && before.cpuSeconds > 0 ? `${(x.cpuSeconds / before.cpuSeconds).toFixed(2)}x` : '',
  ]);
}

const head = ['case', 'scale', 'variant', 'mode', 'verdict', 'states', 'transitions', 'depth', 'search s', 'search cpu s', 'wall s', 'states/s', 'B/state', 'peak RSS MiB', 'B/transition', 'cpu vs last'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
const fmt = (r) => '| ' + r.map((c, i) => (typeof c === 'number' ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i]))).join(' | ') + ' |';
console.log(fmt(head));
console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
for (const r of rows) console.log(fmt(r));
console.log(
  '\nB/state: the most the stores held (visited set, trace tree, queue) per distinct state.\n' +
    'B/transition: bytes allocated on the V8 heap during the search (used heap size summed around\n' +
    'every GC, v8.GCProfiler) per transition; it includes a fixed start-up cost (the JIT, the\n' +
    "stores' first arrays), so small searches show large figures.\n" +
    `cpu vs last: search CPU time over the same row's in ${existsSync(lastFile) ? `${lastFile} (${last.date})` : 'no earlier run'}.`,
);
for (const variant of VARIANTS) {
  const x = results[`c8 5 ${variant} fine`];
  if (x) console.log(`Fine interleaving, c8 ${variant} at scale 5: ${x.states} states, the sleep sets pruned ${x.pruned} of ${x.transitions + x.pruned} transitions (${((100 * x.pruned) / (x.transitions + x.pruned)).toFixed(1)} %).`);
}
for (const scale of LARGE_SCALES) {
  const row = (mode) => results[`c6 ${scale} non-violating ${mode}`];
  const [one, dfs, two] = [row('bfs'), row('dfs'), row('bfs-2w')];
  if (one && dfs) console.log(`Large configuration (c6 -cn -s ${scale}, ${one.states} states): BFS takes ${(one.cpuSeconds / dfs.cpuSeconds).toFixed(2)}x the CPU time of DFS.`);
  if (one && two) {
    console.log(
      `Large configuration (c6 -cn -s ${scale}) on two workers: ${two.states} states (one: ${one.states}), ${Math.round(two.states / two.seconds)} states/s (one: ${Math.round(one.states / one.seconds)}), ` +
        `search wall ${two.seconds.toFixed(2)} s against ${one.seconds.toFixed(2)} s (speed-up ${(one.seconds / two.seconds).toFixed(2)}x; meaningful on a quiet machine only), ` +
        `CPU ${two.cpuSeconds.toFixed(2)} s against ${one.cpuSeconds.toFixed(2)} s (${(two.cpuSeconds / one.cpuSeconds).toFixed(2)}x: the cost of sharing).`,
    );
  }
}

// Whole-process time of `kivi -c cN -o` at scale 3, as a user runs it (median of --repeat runs).
const cli = here('../dist/cli/main.js');
console.log('\n| command | exit | median s | min s | max s |');
console.log('|---|---|---|---|---|');
for (const { id } of CASES) {
  const walls = [];
  let code = 0;
  for (let i = 0; i < repeat; i++) {
    const { r, wall } = timed([cli, '-c', id, '-o']);
    code = r.status;
    if (code !== 1) {
      console.error(`bench: kivi -c ${id} -o exited ${code}, expected 1`);
      process.exit(1);
    }
    walls.push(wall);
  }
  walls.sort((a, b) => a - b);
  console.log(`| kivi -c ${id} -o | ${code} | ${walls[Math.floor(walls.length / 2)].toFixed(3)} | ${walls[0].toFixed(3)} | ${walls.at(-1).toFixed(3)} |`);
}

// The scaling search (no -o), whole process: the default, 1 and 2 worker threads.
console.log('\n| scaling search | workers | exit | answer | wall s | wall vs last |');
console.log('|---|---|---|---|---|---|');
for (const id of onlyCase ? [onlyCase] : ['c3', 'c8']) {
  for (const workers of ['default', 1, 2]) {
    const { r, wall } = timed([cli, '-c', id, ...(workers === 'default' ? [] : ['--workers', String(workers)])]);
    const answer = /Failure found at scale (\{[^}]*\}) \(setup #(\d+)\)/.exec(r.stdout);
    const key = `scaling ${id} ${workers}`;
    results[key] = { wall };
    const before = last.rows[key];
    console.log(`| kivi -c ${id} | ${workers} | ${r.status} | ${answer ? `#${answer[2]} ${answer[1]}` : 'none'} | ${wall.toFixed(3)} | ${before ? `${(wall / before.wall).toFixed(2)}x` : ''} |`);
  }
}

if (!args.includes('--no-save') && !quick && !onlyCase) {
  writeFileSync(here('./last-run.json'), JSON.stringify({ date: new Date().toISOString(), rows: results }, null, 1) + '\n');
  console.log('\nSaved to bench/last-run.json (the next run compares with it).');
}
