import { readdirSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { at, isRecord, readRepoText, readRepoYaml, repoPath } from './repo-files.js';

const workflowFiles = readdirSync(repoPath('.github/workflows')).filter((name) => /\.ya?ml$/.test(name));

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, unknown>;
}

function jobsOf(workflow: unknown): Record<string, unknown> {
  const jobs = at(workflow, 'jobs');
  if (!isRecord(jobs)) throw new Error('workflow has no jobs');
  return jobs;
}

function stepsOf(job: unknown): Step[] {
  const steps = isRecord(job) ? job.steps : undefined;
  if (steps === undefined) return [];
  if (!Array.isArray(steps)) throw new Error('steps must be a list');
  return steps.filter(isRecord);
}

/** Every action or reusable workflow a file names, from job-level and step-level `uses:`. */
function usesOf(workflow: unknown): string[] {
  const found: string[] = [];
  for (const job of Object.values(jobsOf(workflow))) {
    if (isRecord(job) && typeof job.uses === 'string') found.push(job.uses);
    for (const step of stepsOf(job)) if (typeof step.uses === 'string') found.push(step.uses);
  }
  return found;
}

/** owner/repo[/path]@ref where ref is a version tag (v4, v4.2, v4.2.1) or a full commit SHA. */
const PINNED = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+(\/[A-Za-z0-9_./-]+)?@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$/;

describe('GitHub Actions workflows', () => {
  it('exist: release.yml and ci.yml', () => {
    expect(workflowFiles).toEqual(expect.arrayContaining(['release.yml', 'ci.yml']));
  });

  it.each(workflowFiles)('%s parses as YAML without errors or warnings', (file) => {
    const doc = parseDocument(readRepoText(`.github/workflows/${file}`), { strict: true, uniqueKeys: true });
    expect(doc.errors.map(String)).toEqual([]);
    expect(doc.warnings.map(String)).toEqual([]);
    expect(Object.keys(jobsOf(doc.toJS())).length).toBeGreaterThan(0);
  });

  it.each(workflowFiles)('%s names only actions pinned to a version tag or a commit SHA', (file) => {
    const uses = usesOf(readRepoYaml(`.github/workflows/${file}`));
    expect(uses.length).toBeGreaterThan(0);
    for (const ref of uses) {
      expect(ref, `${file}: ${ref}`).toMatch(PINNED);
      expect(ref, `${file}: ${ref}`).not.toMatch(/@(main|master|latest|HEAD)$/);
    }
    // A SHA says nothing to a reader: each SHA pin carries the version it stands for.
    for (const line of readRepoText(`.github/workflows/${file}`).split('\n')) {
      if (/uses:\s*\S+@[0-9a-f]{40}/.test(line))
        expect(line, `${file}: ${line.trim()}`).toMatch(/# v\d+(\.\d+){0,2}\s*$/);
    }
  });

  it.each(workflowFiles)('%s keeps ${{ }} expressions out of shell scripts (no template injection)', (file) => {
    for (const job of Object.values(jobsOf(readRepoYaml(`.github/workflows/${file}`)))) {
      for (const step of stepsOf(job)) if (typeof step.run === 'string') expect(step.run).not.toContain('${{');
    }
  });
});

describe('release.yml', () => {
  const workflow = readRepoYaml('.github/workflows/release.yml');
  const jobs = jobsOf(workflow);
  const buildSteps = stepsOf(jobs.build);

  it('runs on pushed version tags only', () => {
    expect(at(workflow, 'on')).toEqual({ push: { tags: ['v*'] } });
  });

  it('builds on windows-latest and macos-latest with npm ci and npm run build', () => {
    expect(at(jobs.build, 'strategy', 'matrix', 'os')).toEqual(['windows-latest', 'macos-latest']);
    const runs = buildSteps.map((step) => step.run ?? '');
    expect(runs).toContain('npm ci');
    expect(runs).toContain('npm run build');
    expect(buildSteps.some((step) => step.uses?.startsWith('actions/setup-node@'))).toBe(true);
  });

  it('publishes with electron-builder on each OS, signing secrets referenced by name', () => {
    const mac = buildSteps.find((step) => step.if === "runner.os == 'macOS'");
    const win = buildSteps.find((step) => step.if === "runner.os == 'Windows'");
    expect(mac?.run).toMatch(/npx electron-builder --config electron-builder\.yml --mac --publish always/);
    expect(win?.run).toMatch(/npx electron-builder --config electron-builder\.yml --win --publish always/);
    expect(mac?.env).toEqual({
      GH_TOKEN: '${{ secrets.GITHUB_TOKEN }}',
      CSC_LINK: '${{ secrets.CSC_LINK }}',
      CSC_KEY_PASSWORD: '${{ secrets.CSC_KEY_PASSWORD }}',
      APPLE_ID: '${{ secrets.APPLE_ID }}',
      APPLE_APP_SPECIFIC_PASSWORD: '${{ secrets.APPLE_APP_SPECIFIC_PASSWORD }}',
      APPLE_TEAM_ID: '${{ secrets.APPLE_TEAM_ID }}',
    });
    // The macOS certificate must never reach the Windows job: electron-builder falls back from
    // WIN_CSC_LINK to CSC_LINK and would try to sign the .exe with it.
    expect(win?.env).toEqual({
      GH_TOKEN: '${{ secrets.GITHUB_TOKEN }}',
      WIN_CSC_LINK: '${{ secrets.WIN_CSC_LINK }}',
      WIN_CSC_KEY_PASSWORD: '${{ secrets.WIN_CSC_KEY_PASSWORD }}',
    });
  });

  it('drafts first and publishes the release only after every platform built', () => {
    expect(at(jobs.build, 'needs')).toBe('draft');
    expect(at(jobs.publish, 'needs')).toBe('build');
    expect(
      stepsOf(jobs.publish)
        .map((step) => step.run)
        .join('\n'),
    ).toMatch(/gh release edit .* --draft=false/);
    for (const name of ['draft', 'build', 'publish']) expect(at(jobs[name], 'permissions', 'contents')).toBe('write');
    expect(at(workflow, 'permissions')).toEqual({ contents: 'read' });
  });
});

describe('ci.yml', () => {
  const workflow = readRepoYaml('.github/workflows/ci.yml');
  const jobs = jobsOf(workflow);

  it('runs the whole test suite on Linux through .ci/run, the script that also lists the system packages', () => {
    expect(at(jobs.linux, 'runs-on')).toBe('ubuntu-latest');
    const runs = stepsOf(jobs.linux)
      .map((step) => step.run ?? '')
      .filter(Boolean);
    expect(runs).toEqual(['bash .ci/run']);
    const script = readRepoText('.ci/run');
    for (const pkg of ['chromium', 'gnome-keyring', 'dbus', 'libsecret-1-dev'])
      expect(script.split(/\s+/)).toContain(pkg);
    expect(script).toMatch(/^npm ci$/m);
    expect(script).toMatch(/^npm test$/m);
  });

  it('on Windows and macOS: type checks, unit tests, and the E2E specs against the real Electron app', () => {
    expect(at(jobs.desktop, 'strategy', 'matrix', 'os')).toEqual(['windows-latest', 'macos-latest']);
    const runs = stepsOf(jobs.desktop).map((step) => step.run ?? '');
    expect(runs).toEqual(expect.arrayContaining(['npm ci', 'npm run typecheck', 'npm run test:unit', 'npm run build']));
    // The binary is fetched before the specs, and its absence is an error there, not a skip.
    const install = runs.findIndex((run) => /install-electron/.test(run));
    const e2e = runs.findIndex((run) =>
      /playwright test --config test\/playwright\.config\.ts --project electron/.test(run),
    );
    expect(install).toBeGreaterThanOrEqual(0);
    expect(e2e).toBeGreaterThan(install);
    expect(at(jobs.desktop, 'env', 'WASP_E2E_REQUIRE_ELECTRON')).toBe('1');
  });
});
