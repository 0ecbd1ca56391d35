import type { WebPreferences } from 'electron';

/**
 * The main window's webPreferences, per Electron's security checklist. A pure function so a unit
 * test can pin every flag; the window module only passes the result to BrowserWindow.
 */
/** `devTools` is for development builds only; a packaged app offers no inspector to its users. */
export function buildWebPreferences(
  preloadPath: string,
  options: { devTools: boolean } = { devTools: false },
): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    safeDialogs: true,
    devTools: options.devTools,
  };
}
