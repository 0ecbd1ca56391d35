import { resolve } from 'node:path';

/**
 * The files main itself just wrote on the user's behalf (exported reports). "Open" and "Show in
 * folder" act only on these: the renderer names a path, main checks it is one it saved, so a
 * compromised page cannot make the shell open an arbitrary file or program.
 */
export class SavedFiles {
  private readonly paths: string[] = [];
  constructor(private readonly limit = 50) {}

  remember(path: string): void {
    const p = resolve(path);
    const i = this.paths.indexOf(p);
    if (i >= 0) this.paths.splice(i, 1);
    this.paths.push(p);
    if (this.paths.length > this.limit) this.paths.shift();
  }

  has(path: string): boolean {
    return this.paths.includes(resolve(path));
  }
}
