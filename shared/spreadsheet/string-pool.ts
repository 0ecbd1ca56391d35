/**
 * One string for each short value seen before ("Office" in a million rows is one string, not a
 * million), found by a hash of its characters and compared with ===.
 *
 * Not a Map: V8 internalizes every string a Map is asked about, Map.get included, and its table of
 * internalized strings is walked in the final, atomic pause of every full garbage collection. A
 * million distinct cells (customer numbers) looked up in a Map put a million strings in that table,
 * and made that pause the window's longest task (60-120 ms on a 2-core machine).
 */
export class StringPool {
  /** Open addressing: slot k holds the string's index + 1 (0: empty) and its hash beside it. */
  private readonly slots: Int32Array;
  private readonly hashes: Int32Array;
  private readonly strings: string[] = [];
  private readonly mask: number;

  /** Keeps at most `capacity` strings; past that, new values are given back as they came. */
  constructor(private readonly capacity = 1 << 16) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.slots = new Int32Array(size);
    this.hashes = new Int32Array(size);
    this.mask = size - 1;
  }

  get size(): number {
    return this.strings.length;
  }

  /** The pooled string equal to `s` (adding `s` if there is room), or `s` itself. */
  share(s: string): string {
    let h = 0x811c9dc5;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
    // FNV's low bits alone cluster for values that differ in their last digits (customer numbers):
    // mixed (murmur3's finaliser) before they pick the slot.
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    h ^= h >>> 16;
    let k = h & this.mask;
    for (;;) {
      const at = this.slots[k] as number;
      if (at === 0) break;
      if (this.hashes[k] === h) {
        const same = this.strings[at - 1] as string;
        if (same === s) return same;
      }
      k = (k + 1) & this.mask;
    }
    if (this.strings.length >= this.capacity) return s;
    this.strings.push(s);
    this.slots[k] = this.strings.length;
    this.hashes[k] = h;
    return s;
  }
}
