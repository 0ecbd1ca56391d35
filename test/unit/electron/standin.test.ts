import { beforeEach, describe, expect, it } from 'vitest';
import { app, BrowserWindow, dialog, standin, type StandinEvent } from '../../electron-standin/electron.js';

// The stand-in's own semantics, each as Electron's docs describe it (docs/api/app.md,
// docs/api/browser-window.md), so the glue tests rest on a model that is pinned down.
describe('the electron stand-in', () => {
  beforeEach(() => standin.reset());

  it('before-quit runs every listener in registration order; one preventDefault stops the quit', () => {
    const order: string[] = [];
    app.on('before-quit', (e: StandinEvent) => {
      order.push('first prevents');
      e.preventDefault();
    });
    app.on('before-quit', (e: StandinEvent) => order.push(`second sees defaultPrevented=${e.defaultPrevented}`));
    app.on('will-quit', () => order.push('will-quit'));
    app.quit();
    expect(order).toEqual(['first prevents', 'second sees defaultPrevented=true']);
    expect(standin.app.exited).toBe(false);
  });

  it('quitting closes the windows after before-quit, then will-quit and quit; window-all-closed is not emitted', () => {
    const order: string[] = [];
    const win = new BrowserWindow({ show: true });
    app.on('before-quit', () => order.push('before-quit'));
    win.on('close', () => order.push('close'));
    win.on('closed', () => order.push('closed'));
    app.on('window-all-closed', () => order.push('window-all-closed'));
    app.on('will-quit', () => order.push('will-quit'));
    app.on('quit', () => order.push('quit'));
    app.quit();
    expect(order).toEqual(['before-quit', 'close', 'closed', 'will-quit', 'quit']);
    expect(standin.app.exited).toBe(true);
  });

  it('a window that prevents its close cancels the quit', () => {
    const win = new BrowserWindow({ show: true });
    win.on('close', (e: StandinEvent) => e.preventDefault());
    app.quit();
    expect(win.isDestroyed()).toBe(false);
    expect(standin.app.exited).toBe(false);
  });

  it('closing the last window outside a quit emits window-all-closed (and does not quit by itself)', () => {
    const events: string[] = [];
    app.on('window-all-closed', () => events.push('window-all-closed'));
    const win = new BrowserWindow({ show: false });
    win.close();
    expect(events).toEqual(['window-all-closed']);
    expect(standin.app.exited).toBe(false);
  });

  it('a message box resolves when answered; a sheet on a hidden window cannot be answered', async () => {
    const win = new BrowserWindow({ show: true });
    const answered = dialog.showMessageBox(win, { message: 'Quit?', buttons: ['Stop and quit', 'Cancel'] });
    standin.messageBoxes[0]!.answer('Cancel');
    await expect(answered).resolves.toEqual({ response: 1, checkboxChecked: false });
    win.hide();
    void dialog.showMessageBox(win, { message: 'Quit?', buttons: ['Stop and quit', 'Cancel'] });
    expect(() => standin.messageBoxes[0]!.answer('Cancel')).toThrow(/hidden window/);
  });

  it('a destroyed window refuses show/hide, as Electron throws "Object has been destroyed"', () => {
    const win = new BrowserWindow({ show: true });
    win.destroy();
    expect(() => win.show()).toThrow(/destroyed/);
  });
});
