import { homedir } from 'node:os';
import { join } from 'node:path';

export const PRODUCT_NAME = 'Wasp Phone Importer';
/** electron-builder.yml's appId (a packaging test keeps them equal): Windows ties notifications to it. */
export const APP_ID = 'com.example.waspphoneimporter';

/**
 * The app's data folder, computed without Electron so the CLI lands in the same place as the app
 * (Electron's userData for this productName): the app sees jobs the CLI queued and the other way
 * round. WASP_PHONES_DATA overrides it for both.
 */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  const override = env['WASP_PHONES_DATA'];
  if (override) return override;
  if (platform === 'win32') return join(env['APPDATA'] ?? join(homedir(), 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', PRODUCT_NAME);
  return join(env['XDG_CONFIG_HOME'] ?? join(homedir(), '.config'), PRODUCT_NAME);
}
