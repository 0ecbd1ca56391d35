/** One value of a column and how many rows hold it. */
export interface ValueCount {
  value: string;
  count: number;
}

// The order "localeCompare" gives, with one collator built once instead of one per comparison.
const collator = new Intl.Collator();

/** Most frequent first; equal counts in the order of their values. */
export const byCountThenValue = (a: ValueCount, b: ValueCount): number =>
  b.count - a.count || collator.compare(a.value, b.value);

/**
 * The `limit` most frequent values, kept while the values are offered one at a time: a column of a
 * million different values (customer numbers) sorted whole was one long task in the window, while
 * this keeps at most `limit` of them in order and mostly needs one comparison per value offered.
 */
export class TopValues {
  private readonly top: ValueCount[] = [];

  constructor(private readonly limit: number) {}

  offer(value: string, count: number): void {
    const top = this.top;
    if (this.limit <= 0) return;
    const item = { value, count };
    if (top.length === this.limit && byCountThenValue(item, top[top.length - 1]!) >= 0) return;
    // Binary search for the first element that sorts after the new one.
    let lo = 0;
    let hi = top.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (byCountThenValue(top[mid]!, item) <= 0) lo = mid + 1;
      else hi = mid;
    }
    top.splice(lo, 0, item);
    if (top.length > this.limit) top.pop();
  }

  /** The values kept, most frequent first. */
  list(): ValueCount[] {
    return this.top.slice();
  }
}
