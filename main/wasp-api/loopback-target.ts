import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

export interface ResolvedAddress {
  address: string;
  family: number;
}
export type LookupHost = (hostname: string) => Promise<ResolvedAddress[]>;

const systemLookup: LookupHost = (hostname) => lookup(hostname, { all: true, verbatim: true });

/** 127.0.0.0/8 and ::1 (also as an IPv4-mapped address). */
export function isLoopbackAddress(address: string): boolean {
  const a = address.toLowerCase();
  if (a === '::1' || a === '0:0:0:0:0:0:0:1') return true;
  const v4 = a.startsWith('::ffff:') ? a.slice(7) : a;
  return isIP(v4) === 4 && v4.startsWith('127.');
}

export type LoopbackTarget = { ok: true; url: string } | { ok: false; message: string };

/**
 * Plain http is allowed only to this computer. `localhost` is a name, looked up like any other, so
 * it counts only when every address it resolves to is a loopback address, and the call then goes to
 * that address itself: a second lookup (by fetch) cannot send the token somewhere else.
 * https URLs and literal addresses pass through unchanged.
 */
export async function loopbackTarget(url: string, lookupHost: LookupHost = systemLookup): Promise<LoopbackTarget> {
  const u = new URL(url);
  if (u.protocol !== 'http:' || u.hostname !== 'localhost') return { ok: true, url };
  let addresses: ResolvedAddress[];
  try {
    addresses = await lookupHost('localhost');
  } catch {
    addresses = [];
  }
  const outside = addresses.find((a) => !isLoopbackAddress(a.address));
  if (addresses.length === 0 || outside !== undefined) {
    return {
      ok: false,
      message: `"localhost" on this computer resolves to ${outside?.address ?? 'no address'}, not to this computer, so the token is not sent to it over plain http. Use http://127.0.0.1 for a simulator on this computer.`,
    };
  }
  // Prefer IPv4 127.0.0.1: it is where the simulator listens, and what fetch would have tried.
  const pick = addresses.find((a) => a.family === 4) ?? addresses[0]!;
  u.hostname = pick.family === 6 ? `[${pick.address}]` : pick.address;
  return { ok: true, url: u.toString() };
}
