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
  private readonly index = new TextIndex();

  /** Keeps at most `capacity` strings; past that, new values are given back as they came. */
  constructor(private readonly capacity = 1 << 16) {}

  get size(): number {
    return this.index.size;
  }

  /** The pooled string equal to `s` (adding `s` if there is room), or `s` itself. */
  share(s: string): string {
    if (this.index.size < this.capacity) return this.index.text(this.index.add(s));
    const at = this.index.indexOf(s);
    return at < 0 ? s : this.index.text(at);
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
 * Texts numbered 0, 1, 2… in the order first added, found by textHash and compared with ===: a
 * lookup table for texts that never asks V8 for a string's own hash. A Map asked about a million
 * distinct values (a column of customer numbers) put them all in V8's table of internalized
 * strings, and every full garbage collection's final pause walked it (StringPool says more).
 */
export class TextIndex {
  private slots = new Int32Array(64);
  private hashes = new Int32Array(64);
  private readonly texts: string[] = [];

  get size(): number {
    return this.texts.length;
  }

  /** The number of `text`, or -1 when it was never added. */
  indexOf(text: string): number {
    return (this.slots[this.find(text, textHash(text))] as number) - 1;
  }

  /** The number of `text`, added now if it is new. */
  add(text: string): number {
    const h = textHash(text);
    const k = this.find(text, h);
    const at = this.slots[k] as number;
    if (at !== 0) return at - 1;
    this.texts.push(text);
    this.slots[k] = this.texts.length;
    this.hashes[k] = h;
    if (this.texts.length * 2 > this.slots.length) this.grow();
    return this.texts.length - 1;
  }

  text(index: number): string {
    return this.texts[index] as string;
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

/** How many times each text was counted, without a Map (see TextIndex). */
export class TextCounts {
  private readonly index = new TextIndex();
  private counts = new Int32Array(32);

  /** How many different texts were counted. */
  get size(): number {
    return this.index.size;
  }

  /** Counts `text` once more (or `times` more). */
  add(text: string, times = 1): void {
    const i = this.index.add(text);
    if (i >= this.counts.length) {
      const grown = new Int32Array(this.counts.length * 2);
      grown.set(this.counts);
      this.counts = grown;
    }
    this.counts[i] = (this.counts[i] as number) + times;
  }

  /** How many times `text` was counted. */
  get(text: string): number {
    const i = this.index.indexOf(text);
    return i < 0 ? 0 : (this.counts[i] as number);
  }

  /** Each text with its count, in the order first counted. */
  *entries(): Generator<[string, number]> {
    for (let i = 0; i < this.index.size; i++) yield [this.index.text(i), this.counts[i] as number];
  }
}

/** A value per text, without a Map (see TextIndex). */
export class TextMap<V> {
  private index = new TextIndex();
  private values: V[] = [];

  get size(): number {
    return this.index.size;
  }

  get(text: string): V | undefined {
    const i = this.index.indexOf(text);
    return i < 0 ? undefined : this.values[i];
  }

  set(text: string, value: V): void {
    this.values[this.index.add(text)] = value;
  }

  clear(): void {
    this.index = new TextIndex();
    this.values = [];
  }
}
