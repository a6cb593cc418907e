// `npm run bench`: the speed table. Every row is a separate process; "wall" is that whole
// process (Node start-up included), "search" the explorer alone ("search cpu s": the CPU time
// the process used meanwhile, all its threads; steadier than the clock on a busy machine).
// "B/transition" is the bytes the search allocated on the V8 heap (bench/alloc.mjs: summed from
// V8's used heap size around every garbage collection) divided by its transitions.
// Options: --quick (scales 3 and 10 only), --case cN (one case), --repeat N (whole-process
// runs of `kivi -c cN -o` at scale 3 for every case).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const repeatAt = args.indexOf('--repeat');
const repeat = repeatAt >= 0 ? Number(args[repeatAt + 1]) : 5;
const here = (p) => fileURLToPath(new URL(p, import.meta.url));

const caseAt = args.indexOf('--case');
const onlyCase = caseAt >= 0 ? args[caseAt + 1] : undefined;
const ALL = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8'];
// c3 keeps its own scales: its generator rounds to odd node counts (3, 11, 51, 101, 201).
const CASES = ALL.filter((id) => !onlyCase || id === onlyCase).map((id) => ({
  id,
  scales: quick ? [3, 10] : id === 'c3' ? [3, 11, 51, 101, 201] : [3, 10, 50, 200],
}));
const VARIANTS = ['violating', 'non-violating'];

function timed(argv) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, argv, { encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  return { r, wall };
}

const rows = [];
for (const { id, scales } of CASES) {
  for (const scale of scales) {
    for (const variant of VARIANTS) {
      const { r, wall } = timed([here('./one.mjs'), id, String(scale), variant]);
      if (r.status !== 0) {
        console.error(`bench: ${id} ${scale} ${variant} failed:\n${r.stderr}`);
        process.exit(1);
      }
      const x = JSON.parse(r.stdout);
      rows.push([
        id, scale, x.lowestTies ? `${variant} (ties: lowest)` : variant, x.verdict, x.states, x.transitions, x.depth,
        x.seconds.toFixed(3), x.cpuSeconds.toFixed(3), wall.toFixed(3), Math.round(x.statesPerSecond), (x.peakRssBytes / 2 ** 20).toFixed(1),
        x.bytesPerTransition.toFixed(1),
      ]);
    }
  }
}

const head = ['case', 'scale', 'variant', 'verdict', 'states', 'transitions', 'depth', 'search s', 'search cpu s', 'wall s', 'states/s', 'peak RSS MiB', 'B/transition'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
const fmt = (r) => '| ' + r.map((c, i) => (typeof c === 'number' ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i]))).join(' | ') + ' |';
console.log(fmt(head));
console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
for (const r of rows) console.log(fmt(r));
console.log(
  '\nB/transition: bytes allocated on the V8 heap during the search (used heap size summed around\n' +
    'every GC, v8.GCProfiler) per transition; it includes a fixed start-up cost (the JIT, the\n' +
    "stores' first arrays), so small searches show large figures.",
);

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

// The scaling search (no -o), whole process, with 1 and 2 worker threads.
console.log('\n| scaling search | workers | exit | answer | wall s |');
console.log('|---|---|---|---|---|');
for (const id of onlyCase ? [onlyCase] : ['c3', 'c8']) {
  for (const workers of [1, 2]) {
    const { r, wall } = timed([cli, '-c', id, '--workers', String(workers)]);
    const answer = /Failure found at scale (\{[^}]*\}) \(setup #(\d+)\)/.exec(r.stdout);
    console.log(`| kivi -c ${id} | ${workers} | ${r.status} | ${answer ? `#${answer[2]} ${answer[1]}` : 'none'} | ${wall.toFixed(3)} |`);
  }
}

// --interleaving fine (docs/model.md §7.5) on c8 at scale 5, whole process, with its sleep-set
// reduction (§7.6) and without: the reference's ablation without atomic bursts needed 4.2 M
// states, 193 s and 6.2 GB here.
if (!onlyCase || onlyCase === 'c8') {
  console.log('\n| fine interleaving | reduction | exit | states | transitions | pruned | search s | wall s | peak RSS MiB |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const variant of [[], ['-cn']]) {
    for (const reduction of [true, false]) {
      const argv = ['-c', 'c8', '-o', '-s', '5', ...variant, '--interleaving', 'fine', ...(reduction ? [] : ['--no-reduction'])];
      const { r, wall } = timed([cli, ...argv, '--format', 'json']);
      const st = JSON.parse(r.stdout).stats;
      console.log(
        `| kivi ${argv.join(' ')} | ${reduction ? 'sleep sets' : 'off'} | ${r.status} | ${st.states} | ${st.transitions} | ${st.pruned ?? '-'} | ` +
          `${st.seconds.toFixed(3)} | ${wall.toFixed(3)} | ${(st.peakRssBytes / 2 ** 20).toFixed(1)} |`,
      );
    }
  }
}
