import { wasp } from './bridge.js';
import { parseFile } from '../import/parse-client.js';
import { ImportState } from './import-state.svelte.js';

/** The app's one Import flow: files read in a worker, templates through the bridge (kept across screens). */
export const importState = new ImportState(() => navigator.languages, {
  parse: (file, onProgress, signal) => parseFile(file, (p) => onProgress(p.fraction), { signal }),
  bridge: wasp,
});
