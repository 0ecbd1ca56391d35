import type { Core } from '../core/create-core.js';

/**
 * The core a command works with now. A command may let go of it (to wait while another program
 * sends from the folder) and later hold another (once the folder is free, or to read the final
 * counts); each core is closed once, so a `finally` can always close.
 */
export class HeldCore {
  private open = true;

  constructor(private current: Core) {}

  get core(): Core {
    return this.current;
  }

  get isOpen(): boolean {
    return this.open;
  }

  /** From now on the command works with `next`; the one held before must have been closed. */
  hold(next: Core): void {
    this.current = next;
    this.open = true;
  }

  async close(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    await this.current.close();
  }
}
