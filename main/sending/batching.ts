import { MAX_BATCH_SIZE } from './types.js';

/** Wasp takes at most 500 records per call; anything else asked for is clamped into 1..500. */
export function clampBatchSize(size: number): number {
  if (!Number.isFinite(size)) return MAX_BATCH_SIZE;
  return Math.min(MAX_BATCH_SIZE, Math.max(1, Math.floor(size)));
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const n = clampBatchSize(size);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += n) out.push(items.slice(i, i + n));
  return out;
}

/** Splits in two halves (the first gets the extra one), for narrowing down unattributed failures. */
export function halves<T>(items: readonly T[]): [T[], T[]] {
  const mid = Math.ceil(items.length / 2);
  return [items.slice(0, mid), items.slice(mid)];
}
