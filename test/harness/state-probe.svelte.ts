import type { WaspBridge } from '../../shared/ipc/contract.js';
import { plainBridge } from '../../renderer/src/lib/plain-bridge.svelte.js';

/**
 * Loaded into the page by bridge-clone-rules.spec.ts: reactive state built exactly as the renderer
 * builds it (a class with `$state` fields, compiled by Svelte for the browser), beside the raw
 * bridge and the renderer's wrapper around it.
 */
class Draft {
  headers = $state<string[]>([]);
  mapping = $state<Record<string, unknown> | null>(null);
}

const draft = new Draft();
draft.headers = ['Kunde', 'Rufnummer', 'Art'];
draft.mapping = {
  CustomerNumber: { kind: 'column', column: 'Kunde' },
  PhoneNumber: { kind: 'column', column: 'Rufnummer' },
  PhoneExtension: { kind: 'none' },
  PhoneTypeName: { kind: 'column', column: 'Art' },
};
/** A deeply reactive object, as `$state({...})` makes one in a module. */
const lookup = $state({ headers: ['Kunde', 'Rufnummer', 'Art'] });
const raw = (globalThis as unknown as { wasp: WaspBridge }).wasp;

Object.defineProperty(globalThis, '__stateProbe', { value: { draft, lookup, raw, wrapped: plainBridge(raw) } });
