import { ipcMain, type BrowserWindow } from 'electron';
import { eventChannel, INVOKE_NAMES, invokeChannel } from '../../shared/ipc/channels.js';
import type { IpcDispatcher } from '../ipc/dispatcher.js';
import type { EventHub } from '../ipc/event-hub.js';

/** Binds every contract channel to the dispatcher, which checks sender and payload. */
export function wireIpc(
  dispatcher: IpcDispatcher,
  events: EventHub,
  getWindow: () => BrowserWindow | null,
): () => void {
  for (const name of INVOKE_NAMES) {
    ipcMain.handle(invokeChannel(name), (event, payload: unknown) =>
      dispatcher.handle(
        {
          frameUrl: event.senderFrame?.url ?? '',
          isMainFrame: event.senderFrame !== null && event.senderFrame === event.sender.mainFrame,
          webContentsId: event.sender.id,
        },
        name,
        payload,
      ),
    );
  }
  const unsubscribe = events.subscribe((name, payload) => {
    const win = getWindow();
    if (win && !win.isDestroyed()) win.webContents.send(eventChannel(name), payload);
  });
  return () => {
    unsubscribe();
    for (const name of INVOKE_NAMES) ipcMain.removeHandler(invokeChannel(name));
  };
}
