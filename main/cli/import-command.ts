import { basename } from 'node:path';
import type { JobCounts } from '../../shared/domain/job.js';
import type { Core } from '../core/create-core.js';
import type { CliArgs } from './cli-args.js';
import { openCliServices } from './cli-services.js';
import { CliError, EXIT, usageError, type ExitCode } from './exit-codes.js';
import { countVerdicts, describeMapping, planImport, type ImportPlan } from './import-plan.js';
import { readMappingFile, readSpreadsheetFile } from './input-files.js';
import { jsonSummary } from './json-summary.js';
import { progressOutput, type ProgressOutput } from './progress-output.js';
import { checkReportTarget, unsentReportRows, writeReport } from './report-file.js';
import { runJobs } from './run-jobs.js';
import { chooseSite, parseSiteArg, tokenProblem } from './send-target.js';

const MAX_PROBLEMS_SHOWN = 10;

/**
 * `wasp-phones import FILE`: reads and checks the sheet with the shared modules, queues the job
 * through main's intake (which judges every row again) and sends it with the app's job queue.
 * Nothing is queued until every argument and the file have been accepted (exit 2 otherwise).
 */
export async function importCommand(args: CliArgs, env: NodeJS.ProcessEnv, signal: AbortSignal): Promise<ExitCode> {
  const [file, ...extra] = args.positionals;
  if (file === undefined) throw usageError('import needs a FILE, e.g. wasp-phones import customers.xlsx. See wasp-phones --help.');
  if (extra.length > 0) throw usageError(`import takes one FILE, got ${args.positionals.length} (${args.positionals.join(', ')}); quote a path that has spaces.`);
  if (args.site !== undefined) parseSiteArg(args.site);
  if (args.report !== undefined) await checkReportTarget(args.report);
  const mappingFile = args.mappingFile !== undefined ? await readMappingFile(args.mappingFile) : null;
  const workbook = await readSpreadsheetFile(file, args.debug);

  const out = progressOutput();
  // A dry run needs only the settings (known phone types, saved mappings): read-only, so it works
  // while the app is sending from the same folder, and without starting the Sandbox.
  const services = await openCliServices(args.dryRun ? { ...args, sandbox: false } : args, env, args.dryRun ? { readOnly: true } : {});
  let open = true;
  const close = async () => {
    if (open) {
      open = false;
      await services.close();
    }
  };
  try {
    const plan = await planImport({ workbook, args, mappingFile, settings: services.settings });
    for (const note of [...workbook.notes, ...plan.notes]) out.line(`Note: ${note}`);
    const overrides = args.maps.length + args.constants.length > 0 ? ', then --map/--constant' : '';
    out.line(`Columns (${plan.mappingFrom}${overrides}): ${describeMapping(plan.mapping, plan.choice.labels)}.`);
    const counts = countVerdicts(plan.verdicts);
    out.line(
      `Read ${counts.total} rows from ${plan.where}: ${counts.pending} to send, ${counts.invalid} invalid, ${counts.skipped} skipped (duplicates).`,
    );
    showProblems(out, plan);

    if (args.dryRun || counts.pending === 0) {
      out.line(args.dryRun ? 'Dry run: nothing was queued or sent.' : 'Nothing to send: every row is invalid or a duplicate. Nothing was queued.');
      return await finishUnsent(args, plan, out);
    }
    const site = await chooseSite(args, services);
    const noToken = await tokenProblem(services, site);
    if (signal.aborted) {
      out.line('Interrupted before anything was queued.');
      return EXIT.interrupted;
    }
    // The app's own door into the queue: rows are judged again there.
    const name = basename(file).replace(/\.[^.]+$/, '') || basename(file);
    const created = await services.intake.create({
      name,
      site,
      mapping: plan.mapping,
      headers: plan.choice.labels,
      rows: plan.records,
      ...(args.queueOnly ? { start: 'later' as const } : {}),
    });
    if (!created.ok) throw usageError(`The job could not be queued: ${created.error.message}`);
    const job = created.value;
    const short = job.id.slice(0, 8);

    let code: ExitCode;
    if (args.queueOnly) {
      // Stored 'queued' and not sent from here ('later'): `resume` and the app's autoStart send it.
      await close();
      out.line(`Queued job ${short} "${name}" for ${site}: ${job.counts.pending} rows to send. Send it with 'wasp-phones resume ${short}', or open the app.`);
      if (noToken !== null) out.line(`Note: ${noToken}`);
      code = job.counts.invalid + job.counts.skipped > 0 ? EXIT.finishedWithProblems : EXIT.allSaved;
    } else {
      out.line(`Sending ${job.counts.pending} rows to ${site} as job ${short} "${name}" (${job.batchesTotal} ${job.batchesTotal === 1 ? 'batch' : 'batches'}).`);
      const outcome = await runJobs(services.jobs, [job.id], out, signal);
      // Closing abandons any call still in flight (Ctrl+C, offline): those rows stay pending on disk.
      await close();
      code = outcome.code;
      const message = code === EXIT.auth && noToken !== null ? `${noToken} The job ${short} is kept: run 'wasp-phones resume' once a token is saved.` : outcome.message;
      if (message !== undefined) out.line(`wasp-phones: ${message}`);
    }
    return await finishQueued(args, services, job.id, code, out);
  } finally {
    await close();
  }
}

function showProblems(out: ProgressOutput, plan: ImportPlan): void {
  const unsent = plan.verdicts.flatMap((v, i) => (v.status === 'pending' ? [] : [{ row: plan.records[i]!.row, v }]));
  for (const { row, v } of unsent.slice(0, MAX_PROBLEMS_SHOWN)) {
    out.line(`  row ${row}: ${v.status === 'invalid' ? 'not sent' : 'skipped'}: ${v.message ?? (v.status === 'invalid' ? 'invalid.' : 'duplicate.')}`);
  }
  if (unsent.length > MAX_PROBLEMS_SHOWN) out.line(`  … and ${unsent.length - MAX_PROBLEMS_SHOWN} more rows not sent (--report FILE lists every row).`);
}

/** --dry-run, or nothing sendable: the preview's verdicts are the report; nothing was queued. */
async function finishUnsent(args: CliArgs, plan: ImportPlan, out: ProgressOutput): Promise<ExitCode> {
  const c = countVerdicts(plan.verdicts);
  if (args.report !== undefined) {
    await writeReport(args.report, { headers: plan.choice.labels, rows: unsentReportRows(plan.records, plan.verdicts) });
    out.line(`Report written to ${args.report}.`);
  }
  const counts: JobCounts = { total: c.total, saved: 0, failed: 0, invalid: c.invalid, skipped: c.skipped, pending: c.pending };
  if (args.json) process.stdout.write(`${JSON.stringify(jsonSummary(null, counts, 0))}\n`);
  return c.invalid + c.skipped > 0 ? EXIT.finishedWithProblems : EXIT.allSaved;
}

/** After the queue is closed, so the counts are final: the summary, --report and --json. */
async function finishQueued(args: CliArgs, services: Core, jobId: string, code: ExitCode, out: ProgressOutput): Promise<ExitCode> {
  const summary = services.jobs.listJobs().find((j) => j.id === jobId);
  if (summary === undefined) throw new CliError(EXIT.usage, `Job ${jobId} disappeared from ${services.dataDir}.`);
  const c = summary.counts;
  out.line(`Job ${jobId.slice(0, 8)}: ${c.saved} saved, ${c.failed} failed, ${c.invalid} invalid, ${c.skipped} skipped, ${c.pending} pending.`);
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
