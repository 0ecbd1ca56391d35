import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { BRIDGE_GLOBAL } from '../shared/ipc/channels.js';
import { buildBridge } from './build-bridge.js';

// Sandboxed preload: bundled to one CommonJS file by preload/vite.config.ts, because a sandboxed
// preload may only require('electron').
contextBridge.exposeInMainWorld(
  BRIDGE_GLOBAL,
  buildBridge({
    invoke: (channel, payload) => ipcRenderer.invoke(channel, payload),
    subscribe: (channel, listener) => {
      // The IpcRendererEvent is dropped: handing it to the page would leak ipcRenderer via event.sender.
      const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
      ipcRenderer.on(channel, wrapped);
      return () => {
        ipcRenderer.removeListener(channel, wrapped);
      };
    },
  }),
);
