import { BRIDGE_GLOBAL } from '../../shared/ipc/channels.js';
import { buildBridge } from '../../preload/build-bridge.js';
import { CLONE_ERROR, cloneLikeElectron } from './electron-clone.js';

/**
 * The browser harness's stand-in for preload: the same buildBridge() over a Playwright binding
 * instead of ipcRenderer. Runs as an init script before any page script.
 *
 * A Playwright binding serialises anything it can walk (a Proxy included), so every request first
 * goes through Electron's rules (./electron-clone.ts): what contextBridge refuses throws in the
 * caller, what ipcRenderer.invoke refuses rejects, and only the structured clone travels on.
 */
type Invoke = (channel: string, payload: unknown) => Promise<unknown>;
const w = window as unknown as Record<string, unknown>;
const invoke = w['__waspIpc'] as Invoke;
delete w['__waspIpc'];
const listeners = new Map<string, Set<(payload: unknown) => void>>();

// Main → page events: the harness calls this with page.evaluate; it plays ipcRenderer.on's part.
Object.defineProperty(window, '__waspDeliver', {
  value: (channel: string, payload: unknown) => {
    for (const l of listeners.get(channel) ?? []) l(payload);
  },
});

Object.defineProperty(window, BRIDGE_GLOBAL, {
  value: buildBridge({
    invoke: (channel, payload) => {
      const copy = cloneLikeElectron(payload);
      if (copy.ok) return invoke(channel, copy.value);
      if (copy.stage === 'contextBridge') throw new Error(CLONE_ERROR);
      return Promise.reject(new Error(CLONE_ERROR));
    },
    subscribe: (channel, listener) => {
      let set = listeners.get(channel);
      if (!set) listeners.set(channel, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
  }),
  enumerable: true,
});
