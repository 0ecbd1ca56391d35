/**
 * The draft rows a grid shows, as indices into the draft, in order: an array (the rows with
 * problems) or every row, which needs no list at all (a million indices built when Review opened
 * were most of the task that drew it).
 */
export interface RowList {
  readonly length: number;
  /** The draft row shown at `position`, or undefined past the end. */
  at(position: number): number | undefined;
  slice(start: number, end: number): number[];
}

/** Rows 0 … count - 1, all of them. */
export function everyRow(count: number): RowList {
  return {
    length: count,
    at: (position) => (Number.isInteger(position) && position >= 0 && position < count ? position : undefined),
    slice(start, end) {
      const out: number[] = [];
      for (let i = Math.max(0, start); i < Math.min(count, end); i++) out.push(i);
      return out;
    },
  };
}
