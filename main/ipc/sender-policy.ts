/**
 * Who may call main. Every IPC call carries the frame that sent it; only the app's own top-level
 * frame, loaded from the app's own origin, is answered. A page that somehow navigated elsewhere, an
 * iframe, or another window gets nothing (Electron security checklist: validate the sender).
 */
export interface SenderInfo {
  /** URL of the frame that sent the message (event.senderFrame.url). */
  frameUrl: string;
  /** Whether that frame is the top-level frame of its page. */
  isMainFrame: boolean;
  /** The sending webContents' id, when known (Electron); compared with the app window's. */
  webContentsId?: number;
}

export interface SenderPolicy {
  /** Origins the app's renderer is served from (app://wasp in production, the dev/harness server otherwise). */
  allowedOrigins: readonly string[];
  /** When set, only these webContents ids are answered. */
  allowedWebContentsIds?: () => readonly number[];
}

export function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    // Custom schemes give origin "null" in WHATWG URL; rebuild it so app://wasp compares sanely.
    return u.origin !== 'null' ? u.origin : `${u.protocol}//${u.host}`;
  } catch {
    return null;
  }
}

export function isTrustedSender(sender: SenderInfo, policy: SenderPolicy): boolean {
  if (!sender.isMainFrame) return false;
  const origin = originOf(sender.frameUrl);
  if (origin === null || !policy.allowedOrigins.includes(origin)) return false;
  if (policy.allowedWebContentsIds) {
    if (sender.webContentsId === undefined) return false;
    if (!policy.allowedWebContentsIds().includes(sender.webContentsId)) return false;
  }
  return true;
}
