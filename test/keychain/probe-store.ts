/**
 * Child-process probe for the keychain tests: runs one KeytarCredentialStore call and prints one JSON
 * line. It exists because libsecret binds to a D-Bus session once per process, so "no Secret Service"
 * can only be tested in a process started with a different environment.
 * Usage: node --import ./test/keychain/register-ts.mjs test/keychain/probe-store.ts get|set|delete SITE
 * The token for `set` comes from PROBE_TOKEN (not argv, which other users can read in `ps`).
 */
import { AppError } from '../../shared/domain/app-error.js';
import { KeytarCredentialStore } from '../../main/credentials/credential-store.js';

export type ProbeOutput =
  | { ok: true; value: string | boolean | null }
  | { ok: false; error: { kind: string; message: string; detail?: string } };

async function main(): Promise<ProbeOutput> {
  const [op, site] = process.argv.slice(2);
  if (!site) throw new Error('usage: probe-store.ts get|set|delete SITE');
  const store = new KeytarCredentialStore();
  try {
    if (op === 'set') {
      await store.set(site, process.env['PROBE_TOKEN'] ?? '');
      return { ok: true, value: null };
    }
    if (op === 'get') return { ok: true, value: await store.get(site) };
    if (op === 'delete') return { ok: true, value: await store.delete(site) };
    throw new Error(`unknown operation ${op ?? ''}`);
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.toValue() };
    return { ok: false, error: { kind: 'uncaught', message: error instanceof Error ? error.message : String(error) } };
  }
}

process.stdout.write(`${JSON.stringify(await main())}\n`);
