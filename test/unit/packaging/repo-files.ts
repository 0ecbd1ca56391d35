import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** Repository root, from this file's place in test/unit/packaging/. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export function repoPath(relative: string): string {
  return fileURLToPath(new URL(relative, new URL('../../../', import.meta.url)));
}

export function readRepoText(relative: string): string {
  return readFileSync(repoPath(relative), 'utf8');
}

/** Parses YAML strictly: duplicate keys and syntax errors throw instead of being tolerated. */
export function readRepoYaml(relative: string): unknown {
  return parse(readRepoText(relative), { strict: true, uniqueKeys: true, prettyErrors: true });
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Walks a parsed YAML/JSON tree by keys, failing loudly when a step is missing. */
export function at(value: unknown, ...keys: Array<string | number>): unknown {
  let current = value;
  for (const key of keys) {
    if (typeof key === 'number') {
      if (!Array.isArray(current)) throw new Error(`expected an array before [${key}]`);
      current = current[key];
    } else {
      if (!isRecord(current)) throw new Error(`expected an object before .${key}`);
      current = current[key];
    }
  }
  return current;
}

export interface PngSize {
  readonly width: number;
  readonly height: number;
  readonly bitDepth: number;
  readonly colourType: number;
}

/** Reads width/height from a PNG's IHDR chunk (always the first chunk, right after the signature). */
export function readPngHeader(bytes: Uint8Array): PngSize {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  signature.forEach((byte, index) => {
    if (bytes[index] !== byte) throw new Error('not a PNG file (bad signature)');
  });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunkType = String.fromCharCode(...bytes.subarray(12, 16));
  if (chunkType !== 'IHDR' || view.getUint32(8) !== 13) throw new Error('PNG does not start with an IHDR chunk');
  return {
    width: view.getUint32(16),
    height: view.getUint32(20),
    bitDepth: view.getUint8(24),
    colourType: view.getUint8(25),
  };
}
