import { AppError } from '../../shared/domain/app-error.js';
import { redactSecret } from './token-hygiene.js';

export type KeychainOperation = 'save' | 'read' | 'remove';

/** What went wrong, as far as the text of keytar's (libsecret's, Security's, CredMan's) error tells. */
export type KeychainProblem =
  'module-missing' | 'libsecret-missing' | 'no-service' | 'no-keyring' | 'locked' | 'too-long' | 'other';

const LEAD: Record<KeychainOperation, string> = {
  save: 'The API token could not be saved in the system keychain',
  read: 'The API token could not be read from the system keychain',
  remove: 'The API token could not be removed from the system keychain',
};

/** Sorts a raw error message into a problem the user can act on. Pure, so it is unit-tested per wording. */
export function classifyKeychainError(message: string, phase: 'load' | 'call'): KeychainProblem {
  if (/libsecret/i.test(message)) return 'libsecret-missing';
  if (phase === 'load') return 'module-missing';
  if (
    /autolaunch|could not connect|failed to connect|connection refused|no such file or directory|serviceunknown|not provided by any \.service|org\.freedesktop\.DBus\.Error|name has no owner|disconnected/i.test(
      message,
    )
  ) {
    return 'no-service';
  }
  if (/object does not exist at path.*collection|no such secret collection|no default collection/i.test(message))
    return 'no-keyring';
  if (/locked|prompt|dismissed|cancel|interaction (is )?not allowed|passphrase|user name or passphrase/i.test(message))
    return 'locked';
  return 'other';
}

function fixFor(problem: KeychainProblem, platform: NodeJS.Platform): string {
  const headless =
    ' For scheduled or headless command-line imports you can set the WASP_TOKEN environment variable instead.';
  switch (problem) {
    case 'module-missing':
      return 'The part of the app that talks to the keychain could not be loaded. Reinstall Wasp Phone Importer; if you run it from source, run "npm rebuild keytar".';
    case 'libsecret-missing':
      return 'The libsecret library is missing. Install it (Debian/Ubuntu: "sudo apt install libsecret-1-0", Fedora: "sudo dnf install libsecret") and start the app again.';
    case 'too-long':
      return 'The token is longer than Windows Credential Manager can hold (2,560 bytes). Check that only the token was copied.';
    default:
      break;
  }
  if (platform === 'darwin') {
    return 'Open Keychain Access, make sure the "login" keychain is unlocked, and choose "Allow" or "Always Allow" when macOS asks whether Wasp Phone Importer may use it. Then try again.';
  }
  if (platform === 'win32') {
    return 'Open Control Panel > Credential Manager > Windows Credentials and check that it opens and that entries can be added (policy or a full credential vault can block it). Then try again.';
  }
  switch (problem) {
    case 'no-service':
      return `Tokens are kept by a Secret Service (the Linux password store) in your desktop session. Install and start GNOME Keyring ("sudo apt install gnome-keyring", then log out and back in) or another Secret Service such as KeePassXC or KWallet, unlock it, and try again.${headless}`;
    case 'no-keyring':
      return `The Secret Service has no default keyring to keep passwords in. Open "Passwords and Keys" (Seahorse), create a keyring named "login" and set it as default (or log in to a desktop session once), then try again.${headless}`;
    case 'locked':
      return `The keyring is locked. Unlock it (for example in "Passwords and Keys", or by logging in to the desktop session that starts it) and try again.${headless}`;
    default:
      return `Check that a Secret Service such as GNOME Keyring is running and unlocked, then try again.${headless}`;
  }
}

/**
 * Builds the 'keychain' AppError the UI and CLI show: what failed, why in plain words, and how to fix
 * it on this platform. keytar's own text goes in `detail` for support, scrubbed of the token even
 * though keytar never echoes it, because a log line is forever. For a save it also says that nothing
 * was stored elsewhere: the app never falls back to keeping the token in clear.
 */
export function keychainError(
  op: KeychainOperation,
  problem: KeychainProblem,
  platform: NodeJS.Platform,
  rawMessage?: string,
  token?: string,
): AppError {
  const because: Record<KeychainProblem, string> = {
    'module-missing': 'the keychain module is not available',
    'libsecret-missing': 'the libsecret library is not installed',
    'no-service':
      platform === 'linux' || !['darwin', 'win32'].includes(platform)
        ? 'no Secret Service is reachable'
        : 'the keychain is not reachable',
    'no-keyring': 'there is no default keyring',
    locked: 'the keychain is locked or access was refused',
    'too-long': 'the token is too long for this keychain',
    other: 'the keychain refused the request',
  };
  const saved = op === 'save' ? ' The token was not stored anywhere else.' : '';
  const message = `${LEAD[op]}: ${because[problem]}. ${fixFor(problem, platform)}${saved}`;
  const detail = rawMessage === undefined ? undefined : redactSecret(rawMessage, token).slice(0, 500);
  return new AppError('keychain', message, detail);
}
