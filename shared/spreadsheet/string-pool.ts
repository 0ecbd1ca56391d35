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
    const h = textHash(s);
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

/**
 * A hash of a string's characters that never asks V8 for the string's own hash (which may
 * internalize it). FNV's low bits alone cluster for values that differ in their last digits
 * (customer numbers), so they are mixed by murmur3's finaliser before they pick a slot.
 */
export function textHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * How many times each text was counted, without a Map (see StringPool: a Map asked about a million
 * distinct values, such as a column of customer numbers, put them all in V8's table of
 * internalized strings, and every full garbage collection's final pause walked it).
 */
export class TextCounts {
  private slots = new Int32Array(64);
  private hashes = new Int32Array(64);
  private readonly texts: string[] = [];
  private counts = new Int32Array(32);

  /** How many different texts were counted. */
  get size(): number {
    return this.texts.length;
  }

  /** Counts `text` once more. */
  add(text: string, times = 1): void {
    const h = textHash(text);
    const k = this.find(text, h);
    const at = this.slots[k] as number;
    if (at !== 0) {
      this.counts[at - 1] = (this.counts[at - 1] as number) + times;
      return;
    }
    const i = this.texts.length;
    this.texts.push(text);
    if (i >= this.counts.length) {
      const grown = new Int32Array(this.counts.length * 2);
      grown.set(this.counts);
      this.counts = grown;
    }
    this.counts[i] = times;
    this.slots[k] = i + 1;
    this.hashes[k] = h;
    if (this.texts.length * 2 > this.slots.length) this.grow();
  }

  /** How many times `text` was counted. */
  get(text: string): number {
    const at = this.slots[this.find(text, textHash(text))] as number;
    return at === 0 ? 0 : (this.counts[at - 1] as number);
  }

  /** Each text with its count, in the order first counted. */
  *entries(): Generator<[string, number]> {
    for (let i = 0; i < this.texts.length; i++) yield [this.texts[i] as string, this.counts[i] as number];
  }

  private find(text: string, h: number): number {
    const mask = this.slots.length - 1;
    let k = h & mask;
    for (;;) {
      const at = this.slots[k] as number;
      if (at === 0 || (this.hashes[k] === h && this.texts[at - 1] === text)) return k;
      k = (k + 1) & mask;
    }
  }

  private grow(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const hashes = new Int32Array(slots.length);
    const mask = slots.length - 1;
    for (let k = 0; k < this.slots.length; k++) {
      const at = this.slots[k] as number;
      if (at === 0) continue;
      const h = this.hashes[k] as number;
      let j = h & mask;
      while (slots[j] !== 0) j = (j + 1) & mask;
      slots[j] = at;
      hashes[j] = h;
    }
    this.slots = slots;
    this.hashes = hashes;
  }
}
