import { describe, expect, it } from 'vitest';
import { SavedFiles } from '../../../main/files/saved-files.js';
import { fileHandlers } from '../../../main/handlers/file-handlers.js';
import type { Dialogs } from '../../../main/dialogs.js';

describe('Open / Show in folder act only on files main saved', () => {
  it('knows a saved path in any spelling of it, and forgets the oldest past its limit', () => {
    const saved = new SavedFiles(2);
    saved.remember('/tmp/reports/a.xlsx');
    expect(saved.has('/tmp/reports/./a.xlsx')).toBe(true);
    expect(saved.has('/tmp/reports/b.xlsx')).toBe(false);
    saved.remember('/tmp/reports/b.xlsx');
    saved.remember('/tmp/reports/c.xlsx');
    expect(saved.has('/tmp/reports/a.xlsx')).toBe(false);
    expect(saved.has('/tmp/reports/c.xlsx')).toBe(true);
  });

  it('calls the shell for a saved path and refuses any other without calling it', async () => {
    const calls: string[] = [];
    const dialogs: Dialogs = {
      chooseSavePath: async () => null,
      showItemInFolder: (p) => void calls.push(`show ${p}`),
      openPath: async (p) => {
        calls.push(`open ${p}`);
        return p.endsWith('.broken') ? 'No application knows this file type.' : '';
      },
    };
    const saved = new SavedFiles();
    saved.remember('/tmp/r/report.xlsx');
    saved.remember('/tmp/r/report.broken');
    const h = fileHandlers({ dialogs, saved });
    const app = { frameUrl: 'app://wasp/index.html', isMainFrame: true };
    expect(await h.showInFolder({ path: '/tmp/r/report.xlsx' }, app)).toEqual({ shown: true });
    expect(await h.openSavedFile({ path: '/tmp/r/report.xlsx' }, app)).toEqual({ opened: true });
    await expect(Promise.resolve().then(() => h.showInFolder({ path: '/bin/sh' }, app))).rejects.toThrow(
      'Only a file this app has just saved',
    );
    await expect(h.openSavedFile({ path: '/bin/sh' }, app)).rejects.toThrow('Only a file this app has just saved');
    await expect(h.openSavedFile({ path: '/tmp/r/report.broken' }, app)).rejects.toThrow(
      'The file could not be opened: No application knows this file type.',
    );
    expect(calls).toEqual(['show /tmp/r/report.xlsx', 'open /tmp/r/report.xlsx', 'open /tmp/r/report.broken']);
  });
});
