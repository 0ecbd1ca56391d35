import { AppError } from '../../shared/domain/app-error.js';

/** Longest token accepted. Wasp's tokens are far shorter; anything longer is a paste gone wrong. */
export const MAX_TOKEN_LENGTH = 4096;

/**
 * Cleans a pasted API token and refuses what cannot be one. Copying from Wasp's page or a password
 * manager often brings surrounding whitespace or the "Bearer " prefix from an HTTP example; those are
 * removed. Whitespace inside, control characters or non-ASCII mean the paste picked up something else
 * (and could not be sent in an HTTP header anyway). Messages never repeat the token.
 */
export function normalizeToken(input: string): string {
  let token = input.trim();
  const bearer = /^bearer(?:\s+|$)/i.exec(token);
  if (bearer) token = token.slice(bearer[0].length).trim();
  if (token === '') {
    throw new AppError(
      'validation',
      'The API token is empty. In Wasp, open Manage > Users, pick your user, copy the API Access Token and paste it here.',
    );
  }
  if (token.length > MAX_TOKEN_LENGTH) {
    throw new AppError(
      'validation',
      `That is too long to be an API token (${token.length} characters, at most ${MAX_TOKEN_LENGTH}). Copy only the token from Wasp and paste it again.`,
    );
  }
  if (/\s/.test(token)) {
    throw new AppError(
      'validation',
      'The API token contains spaces or line breaks, so more than the token was copied. Copy only the token from Wasp and paste it again.',
    );
  }
  if (!/^[\x21-\x7e]+$/.test(token)) {
    throw new AppError(
      'validation',
      'The API token contains characters a token cannot have (control characters, accented letters or symbols). Copy the token from Wasp again and paste it here.',
    );
  }
  return token;
}

/** Removes every occurrence of a secret (and any "Bearer <value>") from text that may be shown or logged. */
export function redactSecret(text: string, secret?: string): string {
  let out = text;
  if (secret && secret.length > 0) out = out.split(secret).join('[redacted]');
  return out.replace(/\bBearer\s+(?!\[redacted\])\S+/gi, 'Bearer [redacted]');
}
