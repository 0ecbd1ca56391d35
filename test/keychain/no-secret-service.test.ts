import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeCommand, runScript, shellQuote } from './probe-child.js';

/*
 * When the keychain cannot be used the store must say so, plainly and with a fix, and never fall back
 * to keeping the token anywhere else. libsecret binds to a bus once per process, so each situation is
 * set up in a fresh child process (and, for the keyring cases, its own private session bus).
 */

const SITE = 'https://acme.waspinventorycloud.com';
const TOKEN = 'probe-token-never-in-messages';
let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'wasp-no-secret-service-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

function failureOf(output: unknown): { kind: string; message: string; detail?: string } {
  const o = output as { ok: boolean; error?: { kind: string; message: string; detail?: string } };
  if (o.ok || !o.error) throw new Error(`expected a failure, got ${JSON.stringify(output)}`);
  return o.error;
}

describe('no Secret Service reachable', () => {
  it('a dead session bus socket gives the clear keychain error for save, read and remove', () => {
    const script = ['set', 'get', 'delete'].map((op) => probeCommand(op as 'get', SITE)).join('\n');
    const run = runScript(script, {
      DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(scratch, 'nobody-listens-here')}`,
      PROBE_TOKEN: TOKEN,
    });
    expect(run.outputs, run.text).toHaveLength(3);
    const [save, read, remove] = run.outputs.map(failureOf);
    for (const e of [save, read, remove]) {
      expect(e?.kind).toBe('keychain');
      expect(e?.message).toContain('no Secret Service is reachable');
      expect(e?.message).toContain('Install and start GNOME Keyring');
      expect(e?.message).toContain('WASP_TOKEN');
      expect(e?.detail).toMatch(/Could not connect/);
    }
    expect(save?.message).toMatch(
      /^The API token could not be saved in the system keychain: .*The token was not stored anywhere else\.$/,
    );
    expect(read?.message).toMatch(/^The API token could not be read from the system keychain/);
    expect(remove?.message).toMatch(/^The API token could not be removed from the system keychain/);
    expect(run.text).not.toContain(TOKEN);
  });

  it('no session bus at all (a headless machine, no DISPLAY) gives the same clear error', () => {
    const run = runScript(probeCommand('set', SITE), {
      DBUS_SESSION_BUS_ADDRESS: undefined,
      DISPLAY: undefined,
      PROBE_TOKEN: TOKEN,
    });
    const e = failureOf(run.outputs[0]);
    expect(e.kind, run.text).toBe('keychain');
    expect(e.message).toContain('no Secret Service is reachable');
    expect(e.detail).toMatch(/autolaunch D-Bus without X11/);
    expect(run.text).not.toContain(TOKEN);
  });
});

describe('a Secret Service that cannot store', () => {
  it('a keyring daemon with no default keyring (never unlocked, no prompt possible) → keychain error', async () => {
    const home = await mkdtemp(join(scratch, 'home-'));
    // D-Bus activation starts gnome-keyring on first use; with no display it cannot ask for a password.
    const run = runScript(`dbus-run-session -- bash -c ${shellQuote(probeCommand('set', SITE))}`, {
      HOME: home,
      XDG_RUNTIME_DIR: home,
      DBUS_SESSION_BUS_ADDRESS: undefined,
      PROBE_TOKEN: TOKEN,
    });
    const e = failureOf(run.outputs[0]);
    expect(e.kind, run.text).toBe('keychain');
    expect(e.message).toContain('there is no default keyring');
    expect(e.message).toContain('Passwords and Keys');
    expect(run.text).not.toContain(TOKEN);
  });

  it('a locked keyring refuses to store → keychain error; reading answers "nothing" (why tokenFor says "may be locked")', async () => {
    const home = await mkdtemp(join(scratch, 'home-'));
    const env = { HOME: home, XDG_RUNTIME_DIR: home, DBUS_SESSION_BUS_ADDRESS: undefined, PROBE_TOKEN: TOKEN };
    // First session: create a password-protected login keyring holding a token.
    const first = runScript(
      `dbus-run-session -- bash -c ${shellQuote(`echo 'keyring-password' | gnome-keyring-daemon --unlock --components=secrets >/dev/null && ${probeCommand('set', SITE)}`)}`,
      env,
    );
    expect(first.outputs, first.text).toEqual([{ ok: true, value: null }]);
    // Second session: the daemon starts but nobody unlocks the keyring.
    const second = runScript(
      `dbus-run-session -- bash -c ${shellQuote(`gnome-keyring-daemon --start --components=secrets >/dev/null </dev/null; ${probeCommand('set', SITE)}; ${probeCommand('get', SITE)}`)}`,
      env,
    );
    expect(second.outputs, second.text).toHaveLength(2);
    const e = failureOf(second.outputs[0]);
    expect(e.kind).toBe('keychain');
    expect(e.message).toContain('the keychain is locked or access was refused');
    expect(e.message).toContain('Unlock it');
    expect(e.detail).toMatch(/locked collection/);
    expect(second.outputs[1]).toEqual({ ok: true, value: null });
    expect(second.text).not.toContain(TOKEN);
  });
});
