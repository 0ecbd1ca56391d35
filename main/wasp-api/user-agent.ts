import { platform, release } from 'node:os';

const OS_NAMES: Partial<Record<NodeJS.Platform, string>> = { win32: 'Windows', darwin: 'macOS', linux: 'Linux' };

/** `WaspPhoneImporter/<version> (<os>)`: Wasp rejects calls without a User-Agent, and support can spot ours in logs. */
export function userAgent(version: string, os: string = describeOs()): string {
  const clean = (s: string) =>
    s
      .replace(/[^\x20-\x7e]/g, '')
      .replace(/[()]/g, '')
      .trim();
  return `WaspPhoneImporter/${clean(version) || '0.0.0'} (${clean(os) || 'unknown'})`;
}

export function describeOs(): string {
  return `${OS_NAMES[platform()] ?? platform()} ${release()}`;
}
