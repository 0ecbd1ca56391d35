import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { APP_ID } from '../../../main/app-paths.js';

describe('app id', () => {
  it('is the same in electron-builder.yml and in main (Windows ties notifications and the installer to it)', () => {
    const config = parse(readFileSync(new URL('../../../electron-builder.yml', import.meta.url), 'utf8')) as {
      appId: string;
    };
    expect(config.appId).toBe(APP_ID);
  });
});
