import { createHash, randomBytes } from 'node:crypto';

/**
 * Session ids and API tokens are 256-bit random secrets. Only their SHA-256 is stored, so a
 * copy of the data folder does not let anyone sign in (a fast hash is enough: the secret has
 * full entropy, unlike a password).
 */
export function newSecret(prefix: 'sfs' | 'sft'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

export function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function newId(): string {
  return randomBytes(9).toString('base64url');
}
