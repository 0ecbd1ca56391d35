import { app, session, shell, type WebContents } from 'electron';
import { checkExternalUrl } from '../security/external-url.js';

/** Opens a link in the user's browser only if it passes the one external-URL rule. */
export async function openExternalChecked(raw: string): Promise<boolean> {
  const checked = checkExternalUrl(raw);
  if (!checked.ok) return false;
  await shell.openExternal(checked.url);
  return true;
}

/**
 * App-wide guards, installed once before any window exists (Electron Fiddle's pattern): no
 * navigation away from the app, no new windows (https links go to the browser), no webviews, and
 * every permission request (camera, notifications prompt, geolocation…) denied.
 */
export function installWebContentsGuards(isAppUrl: (url: string) => boolean): void {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      openExternalChecked(url).catch(() => undefined);
      return { action: 'deny' };
    });
  });
}
