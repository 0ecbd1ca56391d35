import { deserialize, serialize } from 'node:v8';

/**
 * Electron's IPC hands main and the renderer a structured-clone copy of every argument and result
 * (ipcMain.handle's return value, webContents.send's arguments: "serialized with the Structured Clone
 * Algorithm … Sending Functions, Promises, Symbols, WeakMaps, or WeakSets will throw an exception",
 * electron.d.ts). Node's v8.serialize is the same V8 ValueSerializer, so the harness passes every
 * request, response and event payload through it: a value Electron could not send fails here too,
 * and what arrives shares nothing with what was sent.
 */
export function copyAcrossIpc<T>(value: T): T {
  return deserialize(serialize(value)) as T;
}
