import { EVENT_NAMES, INVOKE_NAMES, eventSubscriberName } from '../../../shared/ipc/channels.js';
import type { WaspBridge } from '../../../shared/ipc/contract.js';

/**
 * The bridge as screens use it: every request is turned into plain data first. Svelte 5 `$state`
 * objects are Proxies, and Electron's contextBridge refuses a Proxy ("An object could not be
 * cloned.", electron/electron#39598), so handing `draft.mapping` straight to `createJob` works in no
 * real window. Doing it here, once, means no screen can forget it.
 */
export function plainBridge(raw: WaspBridge): WaspBridge {
  const bridge: Record<string, unknown> = {};
  const calls = raw as unknown as Record<string, (request?: unknown) => unknown>;
  for (const name of INVOKE_NAMES) {
    const call = calls[name];
    if (typeof call !== 'function') continue;
    bridge[name] = (request?: unknown) => call(plainData(request));
  }
  for (const name of EVENT_NAMES) {
    const subscriber = eventSubscriberName(name);
    bridge[subscriber] = calls[subscriber];
  }
  return Object.freeze(bridge) as unknown as WaspBridge;
}

/**
 * `$state.snapshot` with a fast path for what requests are made of. Reading a `$state` proxy gives
 * the values behind it, so copying every array and plain object (a proxy answers both checks like
 * its target) leaves no proxy anywhere. Primitives are kept as they are: `$state.snapshot` passes each
 * one through structuredClone, which made a 100,000-row createJob about five times slower than a
 * structured clone of it. Everything else (class instances, typed arrays…) gets Svelte's own rules.
 * A function stays a function, so the bridge refuses it as Electron would.
 */
export function plainData<T>(value: T): T {
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- the copy's cycle memo, alive for one call only
  return copy(value, new Map()) as T;
}

function copy(value: unknown, seen: Map<object, unknown>): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const known = seen.get(value);
  if (known !== undefined) return known;
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length);
    seen.set(value, out);
    for (let i = 0; i < value.length; i += 1) out[i] = copy(value[i], seen);
    return out;
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype === Object.prototype || prototype === null) {
    const out: Record<string, unknown> = {};
    seen.set(value, out);
    for (const key of Object.keys(value)) out[key] = copy((value as Record<string, unknown>)[key], seen);
    return out;
  }
  return $state.snapshot(value);
}
