// PROVISIONAL: replaced by the shared record rules (shared/records) once they land.
import type { Mapping } from '../../shared/domain/job.js';
import type { RowJudge } from './job-intake.js';

export const judgeRows: RowJudge = (rows) => rows.map(() => ({ status: 'pending' as const }));
export const headerSignature = (headers: readonly string[]): string => headers.map((h) => h.trim().toLowerCase()).join('|');
export const mappingFile = (headers: readonly string[], mapping: Mapping): string => JSON.stringify({ version: 1, headers, mapping }, null, 2);
