import { wasp } from './bridge.js';

/** Phone types Wasp is known to have (learned from its answers, editable): shared by Review and Import. */
export const importSettings = $state<{ knownPhoneTypes: string[]; loaded: boolean }>({
  knownPhoneTypes: [],
  loaded: false,
});

export async function loadImportSettings(): Promise<void> {
  const r = await wasp.getImportSettings();
  if (r.ok) importSettings.knownPhoneTypes = r.value.knownPhoneTypes;
  importSettings.loaded = true;
}

export async function saveKnownPhoneTypes(types: string[]): Promise<string | null> {
  const r = await wasp.setKnownPhoneTypes({ types });
  if (!r.ok) return r.error.message;
  importSettings.knownPhoneTypes = r.value.knownPhoneTypes;
  return null;
}
