/**
 * The few OS dialogs main's services need, behind an interface: Electron's dialog module in the
 * app, a scripted answer in the browser harness, nothing at all in the CLI.
 */
export interface SaveDialogRequest {
  title: string;
  defaultName: string;
  filters: Array<{ name: string; extensions: string[] }>;
}

export interface Dialogs {
  /** The path the user chose, or null when they cancelled. */
  chooseSavePath(request: SaveDialogRequest): Promise<string | null>;
}

export const NO_DIALOGS: Dialogs = {
  chooseSavePath: async () => null,
};
