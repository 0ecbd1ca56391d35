import * as XLSX from 'xlsx';

/** One stream of a CFB container, or one file of a zip, as SheetJS's bundled `cfb` library holds it. */
export interface CfbEntry {
  name: string;
  /** 2 is a stream (a file); other values are storages and the root. */
  type: number;
  content: Uint8Array;
  size: number;
}

/** A CFB container or a zip: FullPaths[i] is the path of FileIndex[i]. */
export interface CfbContainer {
  FileIndex: CfbEntry[];
  FullPaths: string[];
}

/**
 * The calls we make of SheetJS's bundled `cfb` library. xlsx's own types declare `CFB` as `any`; these
 * are the shapes the cfb package's types document (read, find, write, utils.cfb_new/cfb_add).
 */
export interface CfbApi {
  read(this: void, data: Uint8Array, options: { type: 'buffer' | 'array' }): CfbContainer;
  find(this: void, container: CfbContainer, path: string): CfbEntry | null;
  /** With `type: 'array'` the bytes come back as an array of numbers. */
  write(
    this: void,
    container: CfbContainer,
    options: { type: 'array'; fileType?: 'zip'; compression?: boolean },
  ): number[];
  utils: {
    /** Makes SheetJS inflate and deflate with this zlib (node:zlib) instead of its own JavaScript, SheetJS-wide. */
    use_zlib(this: void, zlib: unknown): void;
    /** One buffer of the kind SheetJS makes (a Node Buffer under Node), holding the given bytes in order. */
    bconcat(this: void, parts: Uint8Array[]): Uint8Array;
    cfb_new(this: void): CfbContainer;
    /** `unsafe`: append without looking for an entry of that name first (what SheetJS's own unzip does). */
    cfb_add(
      this: void,
      container: CfbContainer,
      name: string,
      content: Uint8Array,
      options?: { unsafe?: boolean },
    ): CfbEntry;
  };
}

export const CFB = XLSX.CFB as CfbApi;

/**
 * SheetJS's reader for an unzipped OOXML/ODS container: what XLSX.read calls once its own unzip is
 * done. Exported by xlsx but missing from its types.
 */
export const parseZip = (
  XLSX as unknown as { parse_zip: (zip: CfbContainer, options: XLSX.ParsingOptions) => XLSX.WorkBook }
).parse_zip;
