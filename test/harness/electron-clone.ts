/**
 * What Electron does to a value the page hands to a bridge function that forwards it with
 * `ipcRenderer.invoke` — reproduced in the page, so the browser harness refuses what Electron refuses.
 * Runs inside the page (bundled into the harness's init script): no Node, no imports.
 *
 * Two stages, each with Electron's own error text ("An object could not be cloned."):
 *
 * 1. contextBridge copies the argument from the page's world into the preload's world
 *    (shell/renderer/api/electron_api_context_bridge.cc, PassValueToOtherContext): primitives,
 *    functions, promises, errors, plain arrays, Elements and Blobs pass; a plain object is copied key
 *    by key; anything else — a Proxy first of all, because IsPlainObject() excludes IsProxy() — goes
 *    to Electron's V8 serializer, which throws synchronously in the caller. That is the Svelte 5
 *    `$state` case (and Vue's reactive objects: electron/electron#39598, #29604).
 * 2. ipcRenderer.invoke serializes the copied argument (shell/common/v8_value_serializer.cc): "Sending
 *    Functions, Promises, Symbols, WeakMaps, or WeakSets will throw an exception" and "Sending
 *    non-standard JavaScript types such as DOM objects … will throw an exception" (electron.d.ts,
 *    IpcRenderer.invoke). invoke is an async function, so this surfaces as a rejected promise.
 *
 * Chromium's structuredClone runs the same V8 serializer, so it is the test; the kind of the value
 * that failed (Chromium names it) says which stage Electron would have failed in. What passes is
 * the structured clone: plain data, prototypes dropped, as in Electron.
 */
export const CLONE_ERROR = 'An object could not be cloned.';

export type CloneOutcome = { ok: true; value: unknown } | { ok: false; stage: 'contextBridge' | 'invoke' };

// A plain object or array never fails to clone by itself, so a culprit that prints like one is a
// Proxy ("#<Object>", "[object Array]"…); WeakMap/WeakSet/WeakRef are not plain objects either.
const BRIDGE_STAGE_CULPRIT = /(#<Object>|\[object (Object|Array)\]|#<Weak(Map|Set|Ref)>) could not be cloned\.$/;

export function cloneLikeElectron(value: unknown): CloneOutcome {
  let copy: unknown;
  try {
    copy = structuredClone(value);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { ok: false, stage: BRIDGE_STAGE_CULPRIT.test(message) ? 'contextBridge' : 'invoke' };
  }
  // The page's structuredClone also copies platform objects (Blob, File, ImageData, DOMMatrix…);
  // Electron's serializer knows none of them (WriteHostObject: only NativeImage), so they fail.
  return onlyLanguageValues(copy, new Set()) ? { ok: true, value: copy } : { ok: false, stage: 'invoke' };
}

const LANGUAGE_PROTOTYPES: ReadonlySet<object | null> = new Set<object | null>([
  null,
  Object.prototype,
  Array.prototype,
  Date.prototype,
  RegExp.prototype,
  Map.prototype,
  Set.prototype,
  ArrayBuffer.prototype,
  DataView.prototype,
  Boolean.prototype,
  Number.prototype,
  String.prototype,
  BigInt.prototype,
  Error.prototype,
  EvalError.prototype,
  RangeError.prototype,
  ReferenceError.prototype,
  SyntaxError.prototype,
  TypeError.prototype,
  URIError.prototype,
  ...[
    Int8Array,
    Uint8Array,
    Uint8ClampedArray,
    Int16Array,
    Uint16Array,
    Int32Array,
    Uint32Array,
    Float32Array,
    Float64Array,
    BigInt64Array,
    BigUint64Array,
  ].map((t) => t.prototype),
]);

function onlyLanguageValues(value: unknown, seen: Set<object>): boolean {
  if (typeof value !== 'object' || value === null) return true;
  if (seen.has(value)) return true;
  seen.add(value);
  if (!LANGUAGE_PROTOTYPES.has(Object.getPrototypeOf(value) as object | null)) return false;
  if (value instanceof Map)
    return [...value].every(([k, v]) => onlyLanguageValues(k, seen) && onlyLanguageValues(v, seen));
  if (value instanceof Set) return [...value].every((v) => onlyLanguageValues(v, seen));
  return Object.values(value).every((v) => onlyLanguageValues(v, seen));
}
