/**
 * Whether this copy of the app may update itself. Pure: the Electron glue passes in
 * app.isPackaged, process.platform and process.env.
 */

export type UpdateEligibility = { readonly enabled: true } | { readonly enabled: false; readonly reason: string };

export interface UpdateEligibilityInput {
  /** Electron's app.isPackaged: false for `npm start`, the dev server and the E2E harness. */
  readonly isPackaged: boolean;
  readonly platform: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Set to 1/true by IT departments that deploy versions themselves (e.g. through Intune or Jamf). */
export const DISABLE_UPDATES_ENV = 'WASP_DISABLE_AUTO_UPDATE';

export function decideUpdateEligibility(input: UpdateEligibilityInput): UpdateEligibility {
  // An unpackaged app has no app-update.yml and no installer to replace; electron-updater would
  // only log errors (or, with dev config forced, update a real installation from a dev build).
  if (!input.isPackaged) return { enabled: false, reason: 'development build (not packaged)' };

  const optOut = input.env[DISABLE_UPDATES_ENV]?.trim().toLowerCase();
  if (optOut === '1' || optOut === 'true' || optOut === 'yes') {
    return { enabled: false, reason: `turned off by ${DISABLE_UPDATES_ENV}` };
  }

  // On Linux only an AppImage can replace itself (electron-updater finds it through $APPIMAGE);
  // any other packaging is updated by the system's package manager.
  if (input.platform === 'linux' && !input.env.APPIMAGE) {
    return { enabled: false, reason: 'on Linux only the AppImage updates itself' };
  }

  return { enabled: true };
}
