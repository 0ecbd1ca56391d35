import { describe, expect, it } from 'vitest';
import { HIDDEN, hasHidden } from '../../../shared/records/cell-hygiene.js';
import { mayHoldExtension, needsTidy, tidy } from '../../../shared/records/normalise.js';

/*
 * The record rules test characters with scans instead of regular expressions on their hot path (every
 * field of every row). Each scan must answer exactly as the expression it replaced, kept here as
 * the definition, for every UTF-16 code unit and in every position that expression cares about.
 */
const NEEDS_TIDY = /^\s|\s$|\s\s|[^\S ]/;
const MAY_HOLD_EXTENSION = /[a-z#]/i;

const everyCodeUnit = Array.from({ length: 0x10000 }, (_, c) => String.fromCharCode(c));

/** The texts each character is tried in: alone, at either end, inside, beside a space and beside itself. */
function placements(ch: string): string[] {
  return [ch, `${ch}5`, `5${ch}`, `5${ch}5`, ` ${ch}5`, `5${ch} 5`, `5 ${ch}`, `${ch}${ch}`, `55${ch}${ch}55`];
}

function mismatches(scan: (text: string) => boolean, pattern: RegExp): string[] {
  const wrong: string[] = [];
  for (const ch of everyCodeUnit)
    for (const text of placements(ch))
      if (scan(text) !== pattern.test(text))
        wrong.push(`U+${ch.charCodeAt(0).toString(16).padStart(4, '0')} in ${JSON.stringify(text)}`);
  return wrong;
}

describe('character scans answer as the regular expressions they replace', () => {
  it('needsTidy: whitespace at an end, two in a row, or other than a plain space', () => {
    expect(mismatches(needsTidy, NEEDS_TIDY)).toEqual([]);
    for (const text of ['', ' ', '  ', 'a', 'a b', 'a  b', ' a', 'a ', '\u00a0', 'a\tb', '+1 212 555 0100'])
      expect(needsTidy(text), JSON.stringify(text)).toBe(NEEDS_TIDY.test(text));
  });

  it('tidy leaves a tidy text as it is and tidies every other', () => {
    for (const ch of everyCodeUnit) {
      const text = `1 ${ch} 2`;
      expect(tidy(text)).toBe(text.trim().replace(/\s+/g, ' '));
    }
  });

  it('hasHidden: control characters and bidirectional overrides', () => {
    expect(mismatches(hasHidden, HIDDEN)).toEqual([]);
    expect(hasHidden('')).toBe(false);
  });

  it('mayHoldExtension: an ASCII letter or "#", so no extension marker is passed over', () => {
    expect(mismatches(mayHoldExtension, MAY_HOLD_EXTENSION)).toEqual([]);
  });
});
