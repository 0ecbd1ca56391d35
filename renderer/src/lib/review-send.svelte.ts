import { wasp } from './bridge.js';
import { createJobInPages } from './create-job.js';
import { draft, type DraftSource } from './draft.svelte.js';
import { connections } from './connections.svelte.js';
import { jobs } from './jobs.svelte.js';
import { navigation } from './navigation.svelte.js';
import { siteFix } from './site-fix.svelte.js';
import { testBeforeSend } from './test-before-send.js';

/** The name a new job gets unless the user types one: the file's name, or the retried job's. */
export function defaultJobName(source: DraftSource | null): string {
  if (!source) return '';
  return source.kind === 'file' ? source.fileName.replace(/\.[^.]+$/, '') : `${source.jobName} (retry)`;
}

/**
 * The Send box of the Review screen: where to and under which name (the site also decides the known
 * types), and the send itself. The site and the name are derived, not set by an effect: the user's
 * choice while it is still a site with a token, else the default site; the typed name, else the
 * file's.
 */
class ReviewSend {
  private chosenSite = $state('');
  private typedName = $state('');
  sending = $state(false);
  error = $state<string | null>(null);
  /** What the test before sending is doing or found (a site never tested, or whose last test failed). */
  preSendNote = $state<string | null>(null);

  /** Sites a job can go to: those with a token. */
  readonly sites = $derived(connections.list.filter((c) => c.hasToken));
  readonly site = $derived.by(() =>
    this.sites.some((s) => s.site === this.chosenSite)
      ? this.chosenSite
      : (connections.defaultConnection()?.site ?? this.sites[0]?.site ?? ''),
  );
  readonly isSandbox = $derived(this.sites.some((c) => c.site === this.site && c.isSandbox));
  readonly jobName = $derived(this.typedName || defaultJobName(draft.source));

  chooseSite(site: string): void {
    this.chosenSite = site;
  }

  nameJob(name: string): void {
    this.typedName = name;
  }

  /**
   * Tests a doubtful site first, creates the job in pages as plain data, and opens Send on it.
   * `sendable` is how many rows would go (nothing happens with none).
   */
  async send(sendable: number): Promise<void> {
    if (!draft.mapping || sendable === 0 || this.sending) return;
    this.sending = true;
    this.error = null;
    this.preSendNote = null;
    // A site whose last test failed, or that was never tested, is tested first (and the screen says so).
    const pre = await testBeforeSend(
      connections.list.find((c) => c.site === this.site),
      (text) => (this.preSendNote = text),
    );
    if (!pre.send) {
      this.sending = false;
      this.preSendNote = null;
      this.error = pre.message;
      return;
    }
    this.preSendNote = pre.note ?? null;
    // In pages, as plain data (create-job.ts snapshots reactive state: contextBridge refuses Proxies).
    const r = await createJobInPages(wasp, {
      name: this.jobName.trim() || 'Phone import',
      site: this.site,
      mapping: draft.mapping,
      headers: draft.headers,
      rows: draft.rows,
    });
    this.sending = false;
    if (!r.ok) {
      this.error = r.error.detail ? `${r.error.message} (${r.error.detail})` : r.error.message;
      return;
    }
    jobs.upsert(r.value);
    if (this.preSendNote !== null) siteFix.sendNotes[r.value.id] = this.preSendNote;
    this.preSendNote = null;
    jobs.currentId = r.value.id;
    draft.clear();
    this.typedName = '';
    navigation.goTo('send');
  }
}
export const reviewSend = new ReviewSend();
