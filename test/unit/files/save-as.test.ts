import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../../shared/domain/app-error.js';
import { NO_DIALOGS, type Dialogs } from '../../../main/dialogs.js';
import { saveAs } from '../../../main/files/save-as.js';
import { tempDir } from '../../support/sending-fixtures.js';

const request = { title: 'Export mapping', defaultName: 'm.json', filters: [{ name: 'JSON', extensions: ['json'] }] };
const answering = (path: string | null): Dialogs => ({ ...NO_DIALOGS, chooseSavePath: async () => path });

describe('save as', () => {
  it('writes the content where the person chose and answers that path', async () => {
    const dir = await tempDir('wasp-save-as-');
    try {
      const path = join(dir.path, 'mapping.json');
      expect(await saveAs(answering(path), request, 'The mapping', () => '{"a":1}')).toBe(path);
      expect(await readFile(path, 'utf8')).toBe('{"a":1}');
    } finally {
      await dir.remove();
    }
  });

  it('a cancelled dialog writes nothing and does not even make the content', async () => {
    let made = 0;
    const path = await saveAs(answering(null), request, 'The mapping', () => String(++made));
    expect(path).toBeNull();
    expect(made).toBe(0);
  });

  it('a write that fails is a validation error naming what and where', async () => {
    const dir = await tempDir('wasp-save-as-');
    try {
      const path = join(dir.path, 'no such folder', 'mapping.json');
      const saving = saveAs(answering(path), request, 'The mapping', () => '{}');
      await expect(saving).rejects.toBeInstanceOf(AppError);
      await expect(saving).rejects.toMatchObject({
        kind: 'validation',
        message: `The mapping could not be written to "${path}" (ENOENT).`,
      });
    } finally {
      await dir.remove();
    }
  });
});
