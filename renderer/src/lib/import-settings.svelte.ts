import type { WaspBridge } from '../../../shared/ipc/contract.js';
import { wasp } from './bridge.js';

/** Phone types Wasp is known to have (learned from its answers, editable): shared by Review and Import. */
export class ImportSettings {
  knownPhoneTypes = $state<string[]>([]);
  loaded = $state(false);

  constructor(private readonly bridge: Pick<WaspBridge, 'getImportSettings' | 'setKnownPhoneTypes'>) {}

  async load(): Promise<void> {
    const r = await this.bridge.getImportSettings();
    if (r.ok) this.knownPhoneTypes = r.value.knownPhoneTypes;
    this.loaded = true;
  }

  /** Null when saved, else why not. */
  async saveKnownPhoneTypes(types: string[]): Promise<string | null> {
    const r = await this.bridge.setKnownPhoneTypes({ types });
    if (!r.ok) return r.error.message;
    this.knownPhoneTypes = r.value.knownPhoneTypes;
    return null;
  }
}
export const importSettings = new ImportSettings(wasp);
