import { basename } from 'node:path';
import { capitalise } from '../../shared/words/capitalise.js';
import { plural } from '../../shared/words/plural.js';
import type { JobCounts } from '../../shared/domain/job.js';
import { SANDBOX_PORT, type Core } from '../core/create-core.js';
import type { CliArgs } from './cli-args.js';
import { HeldCore } from './held-core.js';
import { describeHolder, openCliServices, openSenderServices, type SenderServices } from './cli-services.js';
import { followUntilSender } from './queue-follow.js';
import { CliError, EXIT, usageError, type ExitCode } from './exit-codes.js';
import { countVerdicts, describeMapping, planImport, type ImportPlan } from './import-plan.js';
import { readMappingFile, readSpreadsheetFile } from './input-files.js';
import { jsonSummary } from './json-summary.js';
import { progressOutput, type ProgressOutput } from './progress-output.js';
import { checkReportTarget, unsentReportRows, writeReport } from './report-file.js';
import { exitCodeFor, runJobs } from './run-jobs.js';
import { chooseSite, parseSiteArg, tokenProblem } from './send-target.js';

const MAX_PROBLEMS_SHOWN = 10;

/**
 * `wasp-phones import FILE`: reads and checks the sheet with the shared modules, queues the job
 * through main's intake (which judges every row again) and sends it with the app's job queue.
 * Nothing is queued until every argument and the file have been accepted (exit 2 otherwise).
 */
export async function importCommand(args: CliArgs, env: NodeJS.ProcessEnv, signal: AbortSignal): Promise<ExitCode> {
  const [file, ...extra] = args.positionals;
  if (file === undefined)
    throw usageError('import needs a FILE, e.g. wasp-phones import customers.xlsx. See wasp-phones --help.');
  if (extra.length > 0)
    throw usageError(
      `import takes one FILE, got ${args.positionals.length} (${args.positionals.join(', ')}); quote a path that has spaces.`,
    );
  if (args.site !== undefined) parseSiteArg(args.site);
  if (args.report !== undefined) await checkReportTarget(args.report);
  const mappingFile = args.mappingFile !== undefined ? await readMappingFile(args.mappingFile) : null;
  const workbook = await readSpreadsheetFile(file, args.debug);

  const out = progressOutput();
  // A dry run needs only the settings (known phone types, saved mappings): read-only, so it works
  // while the app is sending from the same folder, and without starting the Sandbox.
  const session: SenderServices = args.dryRun
    ? { ...(await openCliServices({ ...args, sandbox: false }, env, { readOnly: true })), guest: false }
    : await openSenderServices(args, env);
  const held = new HeldCore(session.services);
  try {
    const plan = await planImport({ workbook, args, mappingFile, settings: held.core.settings });
    for (const note of [...workbook.notes, ...plan.notes]) out.line(`Note: ${note}`);
    const overrides = args.maps.length + args.constants.length > 0 ? ', then --map/--constant' : '';
    out.line(`Columns (${plan.mappingFrom}${overrides}): ${describeMapping(plan.mapping, plan.choice.labels)}.`);
    const counts = countVerdicts(plan.verdicts);
    out.line(
      `Read ${plural(counts.total, 'row')} from ${plan.where}: ${counts.pending} to send, ${counts.invalid} invalid, ${counts.skipped} skipped (duplicates).`,
    );
    showProblems(out, plan);

    if (args.dryRun || counts.pending === 0) {
      out.line(
        args.dryRun
          ? 'Dry run: nothing was queued or sent.'
          : 'Nothing to send: every row is invalid or a duplicate. Nothing was queued.',
      );
      return await finishUnsent(args, plan, out);
    }
    // A guest's own simulator would sit on another port; the Sandbox's fixed address is the holder's.
    const site = session.guest && args.sandbox ? `http://127.0.0.1:${SANDBOX_PORT}` : await chooseSite(args, held.core);
    // One job, one site: WASP_TOKEN belongs to it.
    session.envToken?.bind(site);
    const noToken = await tokenProblem(held.core, site);
    if (signal.aborted) {
      out.line('Interrupted before anything was queued.');
      return EXIT.interrupted;
    }
    // The app's own door into the queue: rows are judged again there.
    const name = basename(file).replace(/\.[^.]+$/, '') || basename(file);
    const created = await held.core.intake.create({
      name,
      site,
      mapping: plan.mapping,
      headers: plan.choice.labels,
      rows: plan.records,
      // Judged by the same rules with the same phone types a moment ago (planImport): not twice.
      verdicts: plan.verdicts,
      ...(args.queueOnly ? { start: 'later' as const } : {}),
    });
    if (!created.ok) throw usageError(`The job could not be queued: ${created.error.message}`);
    const job = created.value;
    const short = job.id.slice(0, 8);

    let code: ExitCode;
    if (args.queueOnly) {
      // Stored 'queued' and not sent from here ('later'): `resume` and the app's autoStart send it.
      await held.close();
      out.line(
        `Queued job ${short} "${name}" for ${site}: ${plural(job.counts.pending, 'row')} to send. Send it with 'wasp-phones resume ${short}', or open the app.`,
      );
      if (noToken !== null) out.line(`Note: ${noToken}`);
      code = job.counts.invalid + job.counts.skipped > 0 ? EXIT.finishedWithProblems : EXIT.allSaved;
    } else {
      let sendHere = !session.guest;
      code = EXIT.allSaved;
      if (session.guest) {
        await held.close();
        out.line(
          `${capitalise(describeHolder(session.holder))} is sending from this data folder. Job ${short} "${name}" (${job.counts.pending} rows for ${site}) is in its queue: ` +
            'it is sent by that program, or by this command as soon as the folder is free. Waiting…',
        );
        const followed = await followGuestJob(args, env, session, job.id, site, out, signal);
        if (followed.kind === 'sender') {
          held.hold(followed.services);
          sendHere = true;
          out.line(`Sending ${short} from here.`);
        } else {
          code = followed.code;
          if (followed.message !== undefined) out.line(`wasp-phones: ${followed.message}`);
        }
      }
      if (sendHere) {
        if (!session.guest)
          out.line(
            `Sending ${plural(job.counts.pending, 'row')} to ${site} as job ${short} "${name}" (${job.batchesTotal} ${job.batchesTotal === 1 ? 'batch' : 'batches'}).`,
          );
        const outcome = await runJobs(held.core.jobs, [job.id], out, signal);
        // Closing abandons any call still in flight (Ctrl+C, offline): those rows stay pending on disk.
        await held.close();
        code = outcome.code;
        const message =
          code === EXIT.auth && noToken !== null
            ? `${noToken} The job ${short} is kept: run 'wasp-phones resume' once a token is saved.`
            : outcome.message;
        if (message !== undefined) out.line(`wasp-phones: ${message}`);
      }
    }
    if (!held.isOpen && session.guest) {
      // The guest's services saw the job only as created: read the folder again for the final counts.
      held.hold((await openCliServices({ ...args, sandbox: false }, env, { readOnly: true })).services);
    }
    return await finishQueued(args, held.core, job.id, code, out);
  } finally {
    await held.close();
  }
}

type GuestEnd = { kind: 'sender'; services: Core } | { kind: 'ended'; code: ExitCode; message?: string };

/**
 * Waits while another process holds the folder: its progress on this job is printed, and either it
 * brings the job to rest (this command then reports that outcome) or it lets go of the folder and
 * this command sends the rest itself.
 */
async function followGuestJob(
  args: CliArgs,
  env: NodeJS.ProcessEnv,
  session: SenderServices,
  jobId: string,
  site: string,
  out: ProgressOutput,
  signal: AbortSignal,
): Promise<GuestEnd> {
  const ownToken = session.envToken !== null;
  const end = await followUntilSender({
    dataDir: session.services.dataDir,
    jobIds: [jobId],
    out,
    signal,
    // A token the holder lacks or had rejected may still be WASP_TOKEN's to fix: keep waiting to send it here.
    endsWait: (j) => !(ownToken && (j.state === 'auth' || j.state === 'forbidden')),
  });
  out.end();
  if (end.kind === 'interrupted')
    return {
      kind: 'ended',
      code: EXIT.interrupted,
      message:
        "Interrupted. The job is kept in the queue: the program sending from this folder, or 'wasp-phones resume', continues it.",
    };
  if (end.kind === 'lock') {
    const sender = await openCliServices(args, env, { lock: end.lock });
    sender.envToken?.bind(site);
    return { kind: 'sender', services: sender.services };
  }
  const j = end.jobs[0]!;
  return { kind: 'ended', ...restedOutcome(j.state, j.counts, j.message) };
}

/** The exit code and line for a job another process brought to rest. */
export function restedOutcome(
  state: string,
  counts: JobCounts,
  message: string | undefined,
): { code: ExitCode; message?: string } {
  switch (state) {
    case 'done':
      return { code: exitCodeFor(counts) };
    case 'auth':
    case 'forbidden':
      return {
        code: EXIT.auth,
        message: `${message ?? 'The token was refused.'} Store a working token with 'wasp-phones login --site URL' (or set WASP_TOKEN), then run 'wasp-phones resume'.`,
      };
    case 'unreachable':
      return {
        code: EXIT.unreachable,
        message: `${message ?? 'The site cannot be reached at this address.'} The job is kept: fix the address, then run 'wasp-phones resume'.`,
      };
    case 'deleted':
      return {
        code: EXIT.interrupted,
        message: 'The job was deleted in the program sending from this folder: nothing more is sent.',
      };
    case 'offline':
      return {
        code: EXIT.unreachable,
        message: `${message ?? 'Wasp could not be reached.'} The program sending from this folder keeps the job and goes on by itself when the network is back.`,
      };
    default:
      return {
        code: EXIT.interrupted,
        message: `The job was ${state === 'paused' ? 'paused' : 'stopped'} by the program sending from this folder. It is kept: run 'wasp-phones resume' to continue.`,
      };
  }
}

function showProblems(out: ProgressOutput, plan: ImportPlan): void {
  const unsent = plan.verdicts.flatMap((v, i) => (v.status === 'pending' ? [] : [{ row: plan.records[i]!.row, v }]));
  for (const { row, v } of unsent.slice(0, MAX_PROBLEMS_SHOWN)) {
    out.line(
      `  row ${row}: ${v.status === 'invalid' ? 'not sent' : 'skipped'}: ${v.message ?? (v.status === 'invalid' ? 'invalid.' : 'duplicate.')}`,
    );
  }
  if (unsent.length > MAX_PROBLEMS_SHOWN)
    out.line(`  … and ${unsent.length - MAX_PROBLEMS_SHOWN} more rows not sent (--report FILE lists every row).`);
}

/** --dry-run, or nothing sendable: the preview's verdicts are the report; nothing was queued. */
async function finishUnsent(args: CliArgs, plan: ImportPlan, out: ProgressOutput): Promise<ExitCode> {
  const c = countVerdicts(plan.verdicts);
  if (args.report !== undefined) {
    await writeReport(args.report, {
      headers: plan.choice.labels,
      rows: unsentReportRows(plan.records, plan.verdicts),
    });
    out.line(`Report written to ${args.report}.`);
  }
  const counts: JobCounts = {
    total: c.total,
    saved: 0,
    failed: 0,
    invalid: c.invalid,
    skipped: c.skipped,
    pending: c.pending,
  };
  if (args.json) process.stdout.write(`${JSON.stringify(jsonSummary(null, counts, 0))}\n`);
  return c.invalid + c.skipped > 0 ? EXIT.finishedWithProblems : EXIT.allSaved;
}

/** After the queue is closed, so the counts are final: the summary, --report and --json. */
async function finishQueued(
  args: CliArgs,
  services: Core,
  jobId: string,
  code: ExitCode,
  out: ProgressOutput,
): Promise<ExitCode> {
  const summary = services.jobs.listJobs().find((j) => j.id === jobId);
  if (summary === undefined) throw new CliError(EXIT.usage, `Job ${jobId} disappeared from ${services.dataDir}.`);
  const c = summary.counts;
  out.line(
    `Job ${jobId.slice(0, 8)}: ${c.saved} saved, ${c.failed} failed, ${c.invalid} invalid, ${c.skipped} skipped, ${c.pending} pending.`,
  );
  if (args.report !== undefined) {
    const detail = await services.jobs.getJob(jobId);
    try {
      if (!detail.ok) throw usageError(`The report could not be made: ${detail.error.message}`);
      await writeReport(args.report, detail.value);
      out.line(`Report written to ${args.report}.`);
    } catch (e) {
      // The run's own exit code stands (the job is on disk either way); say what went wrong.
      if (!(e instanceof CliError)) throw e;
      out.line(`wasp-phones: ${e.message}`);
    }
  }
  if (args.json) process.stdout.write(`${JSON.stringify(jsonSummary(jobId, c, summary.batchesDone))}\n`);
  return code;
}
