import type { JobSummary } from '../../shared/domain/job.js';
import { capitalise } from '../../shared/words/capitalise.js';
import type { Core } from '../core/create-core.js';
import type { CliArgs } from './cli-args.js';
import { HeldCore } from './held-core.js';
import { describeHolder, openCliServices, openSenderServices, type SenderServices } from './cli-services.js';
import { EXIT, usageError, type ExitCode } from './exit-codes.js';
import { jsonSummary } from './json-summary.js';
import { progressOutput, type ProgressOutput } from './progress-output.js';
import { followUntilSender, type FollowedJob } from './queue-follow.js';
import { requestStart, withdrawRequest } from '../jobs/start-requests.js';
import { exitCodeFor, runJobs, sumCounts } from './run-jobs.js';
import { parseSiteArg, tokenProblem } from './send-target.js';
import { formatDamagedNotes } from './damaged-notes.js';

/**
 * The jobs `resume [JOB_ID] [--site URL]` is about: the one named, else every job with rows still
 * to send; --site limits them to that site's jobs.
 */
export function resumeScope(
  listed: readonly JobSummary[],
  jobId: string | undefined,
  site: string | undefined,
  dataDir: string,
): JobSummary[] {
  // A damaged job cannot be sent: it is never in scope, and naming it is an error that says what to do.
  const all = listed.filter((j) => j.state !== 'damaged');
  if (jobId !== undefined) {
    const hit = listed.find((j) => j.state === 'damaged' && (j.id === jobId || j.id.startsWith(jobId)));
    if (hit !== undefined) throw usageError(`Job ${hit.id} cannot be resumed. ${hit.stateMessage ?? ''}`.trim());
    const found = all.filter((j) => j.id === jobId || j.id.startsWith(jobId));
    if (found.length !== 1)
      throw usageError(
        found.length === 0
          ? `No job ${jobId} in ${dataDir}. Run 'wasp-phones jobs' to list them.`
          : `"${jobId}" matches ${found.length} jobs; give more of the id.`,
      );
    const job = found[0]!;
    if (site !== undefined && job.site !== site)
      throw usageError(
        `Job ${job.id.slice(0, 8)} sends to ${job.site}, not to --site ${site}: drop --site, or name that site.`,
      );
    return found;
  }
  const unfinished = all.filter((j) => j.counts.pending > 0);
  return site === undefined ? unfinished : unfinished.filter((j) => j.site === site);
}

const sitesOf = (jobs: readonly JobSummary[]) => [...new Set(jobs.map((j) => j.site))];

/**
 * `wasp-phones resume [JOB_ID] [--site URL]`. WASP_TOKEN is used for the one site every job in
 * scope belongs to, or for --site (which also limits the resume to that site's jobs). With jobs of
 * several sites and no --site, it is not used at all: each site's keychain token is, the jobs of
 * sites that have one are sent, and the run ends with exit 3 naming the sites that had none.
 * While another process sends from the folder, resume waits for it (following its jobs) instead of
 * failing, then sends what is left.
 */
export async function resumeCommand(args: CliArgs, env: NodeJS.ProcessEnv, signal: AbortSignal): Promise<ExitCode> {
  const [jobId, ...extra] = args.positionals;
  if (extra.length > 0) throw usageError(`resume takes at most one job id (got ${args.positionals.length}).`);
  const site = args.site === undefined ? undefined : parseSiteArg(args.site);
  const out = progressOutput();
  let session: SenderServices = await openSenderServices(args, env);
  const held = new HeldCore(session.services);
  try {
    let scope = resumeScope(held.core.jobs.listJobs(), jobId, site, held.core.dataDir);
    if (session.guest && scope.length > 0) {
      await held.close();
      out.line(
        `${capitalise(describeHolder(session.holder))} is sending from this data folder: waiting for it to finish or to take up these jobs…`,
      );
      // The app sends queued jobs by itself; paused, stopped or refused ones it is asked to.
      const request = await requestStart(
        session.services.dataDir,
        scope.map((j) => j.id),
      );
      let end;
      try {
        const before = new Map(scope.map((j) => [j.id, j.updatedAt]));
        // Done, offline, or brought to rest again by the sender after this request (a token refused…).
        const endsWait = (j: FollowedJob) =>
          j.state === 'done' || j.state === 'offline' || (j.updatedAt !== before.get(j.id) && j.state !== 'queued');
        end = await followUntilSender({
          dataDir: session.services.dataDir,
          jobIds: scope.map((j) => j.id),
          out,
          signal,
          endsWait,
        });
      } finally {
        await withdrawRequest(request);
      }
      out.end();
      if (end.kind === 'interrupted') {
        out.line("wasp-phones: Interrupted. The jobs are kept: run 'wasp-phones resume' again.");
        return await finish(args, await readOnlyServices(args, env), scope, EXIT.interrupted);
      }
      if (end.kind === 'rested') {
        const code = restedCode(end.jobs);
        for (const j of end.jobs) if (j.state !== 'done' && j.message) out.line(`wasp-phones: ${j.message}`);
        return await finish(args, await readOnlyServices(args, env), scope, code);
      }
      session = { ...(await openCliServices(args, env, { lock: end.lock })), guest: false };
      held.hold(session.services);
      scope = resumeScope(held.core.jobs.listJobs(), jobId, site, held.core.dataDir);
    }
    if (scope.length === 0) {
      const damagedCount = held.core.jobs.listJobs().filter((j) => j.state === 'damaged').length;
      out.line(
        damagedCount > 0
          ? 'Nothing else to resume.'
          : site === undefined
            ? 'Nothing to resume: every job has finished.'
            : `Nothing to resume for ${site}: its jobs have finished.`,
      );
      return await finish(args, held.core, scope, withDamage(held.core.jobs.listJobs(), EXIT.allSaved));
    }

    const sites = sitesOf(scope);
    const tokenSite = site ?? (sites.length === 1 ? sites[0]! : null);
    if (session.envToken !== null) {
      if (tokenSite !== null) session.envToken.bind(tokenSite);
      else
        out.line(
          `Note: WASP_TOKEN was not used: the unfinished jobs belong to ${sites.length} sites (${sites.join(', ')}). Name the site it belongs to with --site URL; the other sites' tokens come from the keychain.`,
        );
    }
    const missing: { site: string; why: string }[] = [];
    for (const s of sites) {
      const why = await tokenProblem(held.core, s);
      if (why !== null) missing.push({ site: s, why });
    }
    const sendable = scope.filter((j) => !missing.some((m) => m.site === j.site));
    const outcome =
      sendable.length === 0
        ? { code: EXIT.allSaved as ExitCode, summaries: [] }
        : await runJobs(
            held.core.jobs,
            sendable.map((j) => j.id),
            out,
            signal,
          );
    if ('message' in outcome && outcome.message) out.line(`wasp-phones: ${outcome.message}`);
    let code = outcome.code;
    if (missing.length > 0) {
      for (const m of missing) out.line(`wasp-phones: no token for ${m.site}: ${m.why}`);
      out.line(
        `wasp-phones: ${missing.length === 1 ? `The jobs for ${missing[0]!.site} were` : `The jobs for ${missing.map((m) => m.site).join(', ')} were`} not sent: store a token with 'wasp-phones login --site URL', or run 'wasp-phones resume --site URL' with WASP_TOKEN set.`,
      );
      if (code !== EXIT.interrupted) code = EXIT.auth;
    }
    await held.close();
    return await finish(args, held.core, scope, withDamage(held.core.jobs.listJobs(), code));
  } finally {
    await held.close();
  }
}

async function readOnlyServices(args: CliArgs, env: NodeJS.ProcessEnv): Promise<Core> {
  return (await openCliServices({ ...args, sandbox: false }, env, { readOnly: true })).services;
}

/**
 * Damaged jobs are named on stderr with what to do, and the run ends non-zero (2, unreadable input)
 * unless a more urgent code (3, 4, 130) already says something about the jobs that ran.
 */
function withDamage(listed: readonly JobSummary[], code: ExitCode): ExitCode {
  const damaged = listed.filter((j) => j.state === 'damaged');
  if (damaged.length === 0) return code;
  process.stderr.write(formatDamagedNotes(damaged).trimStart());
  return code === EXIT.allSaved || code === EXIT.finishedWithProblems ? EXIT.usage : code;
}

/** The code for jobs another process brought to rest: a token problem first, then the network, then the rows. */
function restedCode(jobs: readonly FollowedJob[]): ExitCode {
  if (jobs.some((j) => j.state === 'auth' || j.state === 'forbidden')) return EXIT.auth;
  if (jobs.some((j) => j.state !== 'done' && j.state !== 'deleted')) return EXIT.unreachable;
  return exitCodeFor(sumCounts(jobs));
}

/** --json over every job in scope, with their counts as they stand now. */
async function finish(args: CliArgs, services: Core, scope: readonly JobSummary[], code: ExitCode): Promise<ExitCode> {
  try {
    const ids = new Set(scope.map((j) => j.id));
    const summaries = services.jobs.listJobs().filter((j) => ids.has(j.id));
    const counts = sumCounts(summaries);
    if (args.json) {
      const batches = summaries.reduce((n, s) => n + s.batchesDone, 0);
      process.stdout.write(
        `${JSON.stringify(jsonSummary(scope.length === 1 ? scope[0]!.id : null, counts, batches))}\n`,
      );
    }
    return code;
  } finally {
    await services.close();
  }
}

export type { ProgressOutput };
