import type { Result } from '../../../shared/domain/app-error.js';
import type { SendSettingsView } from '../../../shared/ipc/contract.js';

/** The most calls in flight main allows (MAX_PARALLEL in main/sending/types.ts; the contract's 1–4). */
export const MOST_CALLS_AT_ONCE = 4;

export type SendingSpeed = 'adaptive' | 'one-at-a-time';

/** The two channels this setting uses, so tests can hand in their own. */
export interface SendSettingsPort {
  getSendSettings(): Promise<Result<SendSettingsView>>;
  setSendSettings(request: SendSettingsView): Promise<Result<SendSettingsView>>;
}

/**
 * The "Sending speed" setting: adjust automatically (up to four calls at once, main's adaptive
 * limit) or one call at a time. Main keeps it (send-settings.json) and applies it from the next
 * send on; this holds what main last said, the choice being saved, and what to tell the user.
 */
export class SendingSpeedState {
  /** What main says is in force; null until loaded. */
  maxParallel = $state<number | null>(null);
  saving = $state(false);
  error = $state<string | null>(null);
  /** Said once a change is saved (a polite live region reads it). */
  saved = $state<string | null>(null);

  constructor(private readonly port: SendSettingsPort) {}

  get speed(): SendingSpeed | null {
    if (this.maxParallel === null) return null;
    return this.maxParallel <= 1 ? 'one-at-a-time' : 'adaptive';
  }

  async load(): Promise<void> {
    const r = await this.port.getSendSettings();
    if (r.ok) this.maxParallel = r.value.maxParallel;
    else this.error = `The sending speed could not be read: ${r.error.message}`;
  }

  async choose(speed: SendingSpeed): Promise<void> {
    if (speed === this.speed || this.saving) return;
    this.saving = true;
    this.error = null;
    this.saved = null;
    const r = await this.port.setSendSettings({ maxParallel: speed === 'adaptive' ? MOST_CALLS_AT_ONCE : 1 });
    this.saving = false;
    if (!r.ok) {
      this.error = `The sending speed was not changed: ${r.error.message}`;
      return;
    }
    this.maxParallel = r.value.maxParallel;
    this.saved =
      this.speed === 'one-at-a-time'
        ? 'Saved. From the next send on, the app makes one call to Wasp at a time.'
        : `Saved. From the next send on, the app adjusts its speed by itself (up to ${MOST_CALLS_AT_ONCE} calls at once).`;
  }
}
