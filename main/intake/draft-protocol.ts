import type { AppErrorValue } from '../../shared/domain/app-error.js';
import type { CommitSpec, DraftSpec } from './draft-builder.js';

/** Messages between main (job-drafts.ts) and the draft worker (draft-worker.ts). */
export type DraftOp =
  | { op: 'begin'; spec: DraftSpec }
  | { op: 'add'; part: number; rows: string | readonly unknown[] }
  | { op: 'commit'; spec: CommitSpec }
  | { op: 'abandon' };

export type DraftRequest = { seq: number; draftId: string } & DraftOp;

export type DraftReply = { seq: number; ok: true; value: unknown } | { seq: number; ok: false; error: AppErrorValue };
