import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/domain/app-error.js';
import { MAX_TOKEN_LENGTH, normalizeToken, redactSecret } from '../../../main/credentials/token-hygiene.js';

function refusal(input: string): AppError {
  try {
    normalizeToken(input);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the token to be refused');
}

describe('normalizeToken', () => {
  it('trims whitespace and a leading "Bearer " in any case', () => {
    expect(normalizeToken('  abc.DEF-123_x=  \n')).toBe('abc.DEF-123_x=');
    expect(normalizeToken('Bearer abc123')).toBe('abc123');
    expect(normalizeToken('\tbearer   abc123 \r\n')).toBe('abc123');
    expect(normalizeToken('BEARER abc123')).toBe('abc123');
  });

  it('keeps a token that merely starts with the letters "Bearer"', () => {
    expect(normalizeToken('BearerToken123')).toBe('BearerToken123');
  });

  it('refuses empty input, also when only "Bearer" was pasted', () => {
    for (const input of ['', '   ', '\n\t', 'Bearer ', 'bearer   ']) {
      const e = refusal(input);
      expect(e.kind).toBe('validation');
      expect(e.message).toMatch(/empty/);
    }
  });

  it('refuses whitespace or line breaks inside without echoing the token', () => {
    const secret = 'secretPART1 secretPART2';
    const e = refusal(secret);
    expect(e.kind).toBe('validation');
    expect(e.message).toMatch(/spaces or line breaks/);
    expect(e.message).not.toContain('secretPART');
    expect(refusal('abc\ndef').message).toMatch(/line breaks/);
  });

  it('refuses more than the maximum length and accepts exactly the maximum', () => {
    expect(normalizeToken('a'.repeat(MAX_TOKEN_LENGTH))).toHaveLength(MAX_TOKEN_LENGTH);
    const e = refusal('a'.repeat(MAX_TOKEN_LENGTH + 1));
    expect(e.message).toMatch(/too long/);
    expect(e.message).not.toContain('aaaa');
  });

  it('refuses control characters and non-ASCII, which cannot travel in an HTTP header', () => {
    expect(refusal('abc\u0000def').message).toMatch(/characters a token cannot have/);
    expect(refusal('tökén').message).toMatch(/characters a token cannot have/);
    expect(refusal('abc🔑').message).toMatch(/characters a token cannot have/);
  });
});

describe('redactSecret', () => {
  it('removes the secret and any bearer value', () => {
    expect(redactSecret('got s3cr3t back', 's3cr3t')).toBe('got [redacted] back');
    expect(redactSecret('header was Authorization: Bearer abc.def')).toBe(
      'header was Authorization: Bearer [redacted]',
    );
    expect(redactSecret('nothing here')).toBe('nothing here');
  });
});
