/**
 * The few OS dialogs and shell actions main's services need, behind an interface: Electron's dialog
 * and shell modules in the app, a scripted answer (and a record of the calls) in the browser
 * harness, nothing at all in the CLI.
 */
export interface SaveDialogRequest {
  title: string;
  defaultName: string;
  filters: Array<{ name: string; extensions: string[] }>;
}

export interface Dialogs {
  /** The path the user chose, or null when they cancelled. */
  chooseSavePath(request: SaveDialogRequest): Promise<string | null>;
  /** Opens the file's folder with the file selected (Electron's shell.showItemInFolder). */
  showItemInFolder(path: string): void;
  /** Opens the file in its default program; resolves to '' or an error message (Electron's shell.openPath). */
  openPath(path: string): Promise<string>;
}

export const NO_DIALOGS: Dialogs = {
  chooseSavePath: async () => null,
  showItemInFolder: () => {},
  openPath: async () => 'Opening files is not available here.',
};
