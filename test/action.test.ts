/**
 * The GitHub Action (action.yml) and the workflow docs/ci.md shows. GitHub itself is not here,
 * so the action's own shell steps run as the runner would run them: with the inputs in env,
 * GITHUB_ACTION_PATH at this repository, and GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface Step { name?: string; id?: string; uses?: string; if?: string; run?: string; env?: Record<string, string>; with?: Record<string, string> }
interface Action { runs: { using: string; steps: Step[] }; inputs: Record<string, { default?: string; required?: boolean }> }

const action = yaml.load(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as Action;
const step = (id: string): Step => action.runs.steps.find((s) => s.id === id || s.name === id)!;

/** Runs one `run:` step of the action with its env, `${{ inputs.x }}` taken from `inputs`. */
function runStep(s: Step, inputs: Record<string, string>, extraEnv: Record<string, string>): { status: number | null; stdout: string; output: string; summary: string; cwd: string } {
  const cwd = mkdtempSync(join(tmpdir(), 'kivi-action-'));
  const out = join(cwd, 'github-output');
  const summary = join(cwd, 'step-summary');
  const env: Record<string, string> = { ...(process.env as Record<string, string>), GITHUB_ACTION_PATH: ROOT, GITHUB_OUTPUT: out, GITHUB_STEP_SUMMARY: summary, ...extraEnv };
  for (const [k, v] of Object.entries(s.env ?? {})) {
    env[k] = v.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_m, name: string) => inputs[name] ?? action.inputs[name]?.default ?? '');
  }
  const r = spawnSync('bash', ['-e', '-c', s.run!], { cwd, env, encoding: 'utf8', timeout: 120_000 });
  const read = (f: string): string => (existsSync(f) ? readFileSync(f, 'utf8') : '');
  return { status: r.status, stdout: r.stdout, output: read(out), summary: read(summary), cwd };
}

describe('the GitHub Action', () => {
  it('is a composite action whose external steps are pinned to commit SHAs', () => {
    expect(action.runs.using).toBe('composite');
    const uses = action.runs.steps.filter((s) => s.uses).map((s) => s.uses!);
    expect(uses.length).toBeGreaterThanOrEqual(2);
    for (const u of uses) expect(u).toMatch(/@[0-9a-f]{40}$/);
    expect(action.inputs.path.required).toBe(true);
  });

  it('checks a folder: c3-config is a violation, so the run step records exit 1 and a SARIF file, and the verdict step fails', () => {
    const r = runStep(step('run'), { path: join(ROOT, 'examples/c3-config') }, {});
    expect(r.status).toBe(0); // the run step itself never fails: the upload must still happen
    expect(r.output).toContain('exit-code=1');
    expect(r.output).toContain('sarif=true');
    expect(existsSync(join(r.cwd, 'kivi.sarif'))).toBe(true);
    expect(r.stdout).toMatch(/^::error /m); // annotations on the pull request
    expect(r.summary).toContain('pod_always_schedulable'); // the counterexample in the job summary
  });

  it('the verdict step passes only on 0 and says why otherwise', () => {
    const verdict = step('Verdict');
    const withExit = (code: string) => runStep({ ...verdict, env: {} }, {}, { KIVI_EXIT: code });
    expect(withExit('0').status).toBe(0);
    const one = withExit('1');
    expect(one.status).toBe(1);
    expect(one.stdout).toContain('an intent can be violated');
    const three = withExit('3');
    expect(three.status).toBe(3);
    expect(three.stdout).toContain('inconclusive, not a pass');
  });

  it('a bad input path exits 2 and writes no SARIF, so nothing is uploaded', () => {
    const r = runStep(step('run'), { path: join(ROOT, 'examples/no-such-folder') }, {});
    expect(r.output).toContain('exit-code=2');
    expect(r.output).toContain('sarif=false');
    const upload = action.runs.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'))!;
    expect(upload.if).toContain("steps.run.outputs.sarif == 'true'");
  });
});

describe("docs/ci.md's workflow", () => {
  const text = readFileSync(join(ROOT, 'docs/ci.md'), 'utf8');
  const block = /```yaml\n(# \.github\/workflows\/kivi\.yml[\s\S]*?)```/.exec(text)![1];
  const workflow = yaml.load(block) as { permissions: Record<string, string>; jobs: { check: { steps: Step[] } } };

  it('uses the action with the permission its SARIF upload needs, and pins what it checks out', () => {
    expect(workflow.permissions['security-events']).toBe('write');
    const steps = workflow.jobs.check.steps;
    const kivi = steps.find((s) => s.uses?.includes('/kivi@'))!;
    expect(kivi.with!.path).toBe('deploy/kivi');
    for (const input of Object.keys(kivi.with!)) expect(Object.keys(action.inputs)).toContain(input);
    expect(steps[0].uses).toMatch(/^actions\/checkout@[0-9a-f]{40}$/);
  });
});
