import { parentPort } from 'node:worker_threads';
import { DraftBuilder, DraftRowError } from './draft-builder.js';
import type { DraftReply, DraftRequest } from './draft-protocol.js';

/*
 * The worker thread that parses, checks and writes job drafts, so that main's event loop (every
 * window's IPC, the sending queue) never waits for 20,000 rows to be validated or a million to be
 * judged and written. One worker serves every draft; requests are answered in order per draft.
 */
const drafts = new Map<string, DraftBuilder>();
const port = parentPort;
if (port === null) throw new Error('draft-worker.js runs only as a worker thread');

port.on('message', (req: DraftRequest) => {
  void handle(req).then(
    (value) => port.postMessage({ seq: req.seq, ok: true, value } satisfies DraftReply),
    (e: unknown) =>
      port.postMessage({
        seq: req.seq,
        ok: false,
        error:
          e instanceof DraftRowError
            ? { kind: 'validation', message: e.message, ...(e.detail === undefined ? {} : { detail: e.detail }) }
            : { kind: 'internal', message: errorText(e) },
      } satisfies DraftReply),
  );
});

async function handle(req: DraftRequest): Promise<unknown> {
  switch (req.op) {
    case 'begin':
      drafts.set(req.draftId, await DraftBuilder.open(req.spec));
      return null;
    case 'add':
      return builder(req.draftId).add(req.part, req.rows);
    case 'commit': {
      const b = builder(req.draftId);
      drafts.delete(req.draftId);
      return b.commit(req.spec);
    }
    case 'abandon': {
      const b = drafts.get(req.draftId);
      drafts.delete(req.draftId);
      await b?.abort();
      return null;
    }
  }
}

function builder(id: string): DraftBuilder {
  const b = drafts.get(id);
  if (b === undefined)
    throw new DraftRowError(
      'That job draft no longer exists (it was abandoned or already committed). Nothing was queued.',
    );
  return b;
}

function errorText(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : e instanceof Error ? e.message : String(e);
}
