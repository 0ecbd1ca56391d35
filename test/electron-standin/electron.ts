/**
 * A small, event-accurate stand-in for the `electron` module, for running main/electron/* under
 * Node (vi.mock('electron', …)). It models what the glue relies on, each from Electron's docs:
 *
 * - app.quit(): "The before-quit event will be emitted first. If all windows are successfully
 *   closed, the will-quit event will be emitted and by default the application will terminate."
 *   A before-quit listener calling event.preventDefault() stops it ("Calling event.preventDefault()
 *   will prevent the default behavior, which is terminating the application"); every listener still
 *   runs, in registration order (Node's EventEmitter, which app is). A window whose 'close' is
 *   prevented cancels the quit. (docs/api/app.md: app.quit, 'before-quit', 'will-quit')
 * - 'window-all-closed' is emitted when the last window closes, but not when the windows close as
 *   part of app.quit(): "Electron will first try to close all the windows and then emit the
 *   will-quit event, and in this case the window-all-closed event would not be emitted."
 * - 'activate' (macOS: Dock icon, relaunch) and 'second-instance' (another launch while
 *   requestSingleInstanceLock() holds), fired by the test.
 * - BrowserWindow: close() emits 'close' ("Calling event.preventDefault() will cancel the close"),
 *   then the window is destroyed and emits 'closed'; hide/show/isVisible/minimize/restore/focus;
 *   app's 'browser-window-created' on construction; 'ready-to-show' after loadURL.
 * - dialog.showMessageBox(parent?, options) returns a promise that resolves when the test answers
 *   it. A sheet on a window that is hidden cannot be answered (macOS shows async message boxes with
 *   a parent as a sheet of that window; a sheet on an invisible window is invisible too).
 *
 * It does not model: real timing between the windows closing and will-quit, beforeunload in
 * pages, the macOS app staying alive with no window, Squirrel/NSIS installers, real notifications,
 * the network, or anything rendering. Its state lives on globalThis so that a fresh import of the
 * glue (vi.resetModules) and the test see the same app.
 */
import { EventEmitter } from 'node:events';

export class StandinEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

export interface PendingMessageBox {
  readonly parent: StandinBrowserWindow | null;
  readonly options: { message?: string; buttons?: string[]; cancelId?: number; detail?: string };
  /** Whether a person could click it: not a sheet on a hidden window. */
  readonly answerable: boolean;
  answer(button: string): void;
}

class StandinApp extends EventEmitter {
  isPackaged = false;
  /** Set once will-quit was not prevented: the process would end here. */
  exited = false;
  quitAttempts = 0;
  private quitting = false;
  private readyResolve!: () => void;
  private readonly readyPromise = new Promise<void>((resolve) => (this.readyResolve = resolve));

  whenReady(): Promise<void> {
    return this.readyPromise;
  }
  /** The test's signal that Electron finished initialising. */
  fireReady(): void {
    this.readyResolve();
    this.emit('ready', new StandinEvent(), {});
  }
  requestSingleInstanceLock(): boolean {
    return true;
  }
  setAppUserModelId(): void {}
  getVersion(): string {
    return '0.0.0-standin';
  }
  getPath(): string {
    return '/nonexistent';
  }

  quit(): void {
    if (this.exited) return;
    this.quitAttempts += 1;
    const beforeQuit = new StandinEvent();
    this.emit('before-quit', beforeQuit);
    if (beforeQuit.defaultPrevented) return;
    this.quitting = true;
    try {
      for (const win of [...state().windows]) {
        win.close();
        if (!win.isDestroyed()) return; // a window kept itself open: the quit is cancelled
      }
      const willQuit = new StandinEvent();
      this.emit('will-quit', willQuit);
      if (willQuit.defaultPrevented) return;
      this.exited = true;
      this.emit('quit', new StandinEvent(), 0);
    } finally {
      this.quitting = false;
    }
  }

  /** Closing the last window, outside app.quit(). */
  lastWindowClosed(): void {
    if (!this.quitting) this.emit('window-all-closed', new StandinEvent());
  }

  /** macOS: the Dock icon was clicked or the app launched again. */
  activate(): void {
    this.emit(
      'activate',
      new StandinEvent(),
      state().windows.some((w) => w.isVisible()),
    );
  }
  /** Another launch of the app while this one holds the single-instance lock. */
  secondInstance(argv: string[] = []): void {
    this.emit('second-instance', new StandinEvent(), argv, process.cwd(), {});
  }
}

let nextWebContentsId = 1;

class StandinWebContents extends EventEmitter {
  readonly id = nextWebContentsId++;
  readonly mainFrame = { url: 'app://wasp/index.html' };
  readonly sent: Array<{ channel: string; payload: unknown }> = [];
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
  setWindowOpenHandler(): void {}
}

export class StandinBrowserWindow extends EventEmitter {
  readonly webContents = new StandinWebContents();
  readonly options: Record<string, unknown>;
  progress: { fraction: number; mode?: string } | null = null;
  private visible: boolean;
  private destroyed = false;
  private minimized = false;
  private focused = false;

  constructor(options: Record<string, unknown> = {}) {
    super();
    this.options = options;
    this.visible = options['show'] !== false;
    state().windows.push(this);
    state().app.emit('browser-window-created', new StandinEvent(), this);
    state().app.emit('web-contents-created', new StandinEvent(), this.webContents);
  }
  static getAllWindows(): StandinBrowserWindow[] {
    return [...state().windows];
  }
  loadURL(): Promise<void> {
    queueMicrotask(() => {
      if (!this.destroyed) this.emit('ready-to-show');
    });
    return Promise.resolve();
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isVisible(): boolean {
    return this.visible && !this.destroyed;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isFocused(): boolean {
    return this.focused;
  }
  show(): void {
    this.assertAlive('show');
    this.visible = true;
    this.minimized = false;
    this.focused = true;
    this.emit('show');
  }
  hide(): void {
    this.assertAlive('hide');
    this.visible = false;
    this.focused = false;
    this.emit('hide');
  }
  minimize(): void {
    this.minimized = true;
    this.focused = false;
  }
  restore(): void {
    this.minimized = false;
  }
  focus(): void {
    this.focused = true;
  }
  blur(): void {
    this.focused = false;
  }
  setProgressBar(fraction: number, options?: { mode?: string }): void {
    this.progress = { fraction, ...(options?.mode ? { mode: options.mode } : {}) };
  }
  /** What the window's close button (or Cmd+W) does. */
  close(): void {
    if (this.destroyed) return;
    const event = new StandinEvent();
    this.emit('close', event);
    if (event.defaultPrevented) return;
    this.destroy();
  }
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.visible = false;
    const s = state();
    s.windows.splice(s.windows.indexOf(this), 1);
    this.emit('closed');
    if (s.windows.length === 0) s.app.lastWindowClosed();
  }
  private assertAlive(what: string): void {
    // Electron throws "Object has been destroyed" for calls on a destroyed window.
    if (this.destroyed) throw new TypeError(`Object has been destroyed (${what})`);
  }
}

class StandinNotification extends EventEmitter {
  static isSupported(): boolean {
    return true;
  }
  constructor(readonly options: { title?: string; body?: string }) {
    super();
  }
  show(): void {
    state().notifications.push(this);
  }
}

interface StandinState {
  app: StandinApp;
  windows: StandinBrowserWindow[];
  messageBoxes: PendingMessageBox[];
  notifications: StandinNotification[];
  handlers: Map<string, unknown>;
  online: boolean;
  netFetches: string[];
}

const KEY = Symbol.for('wasp.electron-standin');
function state(): StandinState {
  const g = globalThis as unknown as Record<symbol, StandinState | undefined>;
  return (g[KEY] ??= fresh());
}
function fresh(): StandinState {
  return {
    app: new StandinApp(),
    windows: [],
    messageBoxes: [],
    notifications: [],
    handlers: new Map(),
    online: true,
    netFetches: [],
  };
}

/** The test's handle on the stand-in: a fresh Electron per test, and the things it can do. */
export const standin = {
  reset(): void {
    (globalThis as unknown as Record<symbol, StandinState>)[KEY] = fresh();
  },
  get app(): StandinApp {
    return state().app;
  },
  get windows(): StandinBrowserWindow[] {
    return state().windows;
  },
  get messageBoxes(): PendingMessageBox[] {
    return state().messageBoxes;
  },
  get notifications(): StandinNotification[] {
    return state().notifications;
  },
  setOnline(online: boolean): void {
    state().online = online;
  },
  /** URLs requested through net.fetch (it answers 200 with an empty JSON list, no network). */
  get netFetches(): string[] {
    return state().netFetches;
  },
};

function showMessageBox(
  a: StandinBrowserWindow | PendingMessageBox['options'],
  b?: PendingMessageBox['options'],
): Promise<{ response: number; checkboxChecked: boolean }> {
  const parent = b ? (a as StandinBrowserWindow) : null;
  const options = (b ?? a) as PendingMessageBox['options'];
  return new Promise((resolve) => {
    const box: PendingMessageBox = {
      parent,
      options,
      answerable: parent === null || parent.isVisible(),
      answer(button) {
        if (!box.answerable)
          throw new Error('This question is a sheet on a hidden window: nobody can see or answer it (macOS).');
        const response = options.buttons?.indexOf(button) ?? -1;
        if (response < 0) throw new Error(`No button "${button}" in ${JSON.stringify(options.buttons)}`);
        state().messageBoxes.splice(state().messageBoxes.indexOf(box), 1);
        resolve({ response, checkboxChecked: false });
      },
    };
    state().messageBoxes.push(box);
  });
}

// The module's exports, named as electron names them.
export const app = new Proxy({} as StandinApp, {
  get: (_t, key) => {
    const value: unknown = Reflect.get(state().app, key);
    return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(state().app) : value;
  },
  set: (_t, key, value) => Reflect.set(state().app, key, value),
});
export { StandinBrowserWindow as BrowserWindow, StandinNotification as Notification };
export const dialog = {
  showMessageBox,
  showErrorBox(title: string, content: string): void {
    throw new Error(`dialog.showErrorBox: ${title}: ${content}`);
  },
  showSaveDialog: async () => ({ canceled: true, filePath: undefined }),
};
export const net = {
  isOnline: (): boolean => state().online,
  fetch: (input: string | Request): Promise<Response> => {
    if (typeof input !== 'string' && !(input instanceof Request))
      throw new TypeError('net.fetch takes a string or a Request');
    state().netFetches.push(typeof input === 'string' ? input : input.url);
    return Promise.resolve(new Response('[]', { status: 200, headers: { 'Content-Type': 'application/json' } }));
  },
};
export const ipcMain = {
  handle(channel: string, handler: unknown): void {
    if (state().handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    state().handlers.set(channel, handler);
  },
  removeHandler(channel: string): void {
    state().handlers.delete(channel);
  },
};
export const protocol = { registerSchemesAsPrivileged(): void {}, handle(): void {} };
export const session = {
  defaultSession: { setPermissionRequestHandler(): void {}, setPermissionCheckHandler(): void {} },
};
export const shell = { openExternal: async (): Promise<void> => {} };
export const Menu = { setApplicationMenu(): void {}, buildFromTemplate: (template: unknown) => ({ template }) };
