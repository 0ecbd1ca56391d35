import type { InvokeHandlers } from '../ipc/dispatcher.js';
import type { ImportSettingsStore } from '../settings/import-settings-store.js';
import type { Dialogs } from '../dialogs.js';
import { saveAs } from '../files/save-as.js';
import type { Mapping } from '../../shared/domain/job.js';

type ImportHandlers = Pick<
  InvokeHandlers,
  'getImportSettings' | 'setKnownPhoneTypes' | 'findMappingTemplate' | 'saveMappingTemplate' | 'exportMappingTemplate'
>;

export interface ImportHandlerDeps {
  settings: ImportSettingsStore;
  dialogs: Dialogs;
  /** The shared rule that turns a header row into a template key (same headers → same mapping). */
  headerSignature(this: void, headers: readonly string[]): string;
  /** The mapping file format the CLI's --mapping accepts. */
  mappingFile(
    this: void,
    headers: readonly string[],
    mapping: Mapping,
    options: { phoneFormat?: 'as-displayed' | 'e164' | 'national' | undefined; defaultCountry?: string | undefined },
  ): string;
}

export function importHandlers({ settings, dialogs, headerSignature, mappingFile }: ImportHandlerDeps): ImportHandlers {
  return {
    getImportSettings: async () => ({ knownPhoneTypes: await settings.knownPhoneTypes() }),
    setKnownPhoneTypes: async ({ types }) => ({ knownPhoneTypes: await settings.setKnownPhoneTypes(types) }),
    findMappingTemplate: ({ headers }) => settings.findTemplateWithOptions(headerSignature(headers)),
    async saveMappingTemplate({ headers, mapping, phoneFormat, defaultCountry }) {
      await settings.saveTemplate(headerSignature(headers), headers, mapping, { phoneFormat, defaultCountry });
      return { saved: true };
    },
    async exportMappingTemplate({ headers, mapping, phoneFormat, defaultCountry }) {
      const request = {
        title: 'Export mapping',
        defaultName: 'wasp-phones-mapping.json',
        filters: [{ name: 'Mapping (JSON)', extensions: ['json'] }],
      };
      const file = () => mappingFile(headers, mapping, { phoneFormat, defaultCountry });
      return { path: await saveAs(dialogs, request, 'The mapping', file) };
    },
  };
}
