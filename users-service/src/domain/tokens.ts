import { createHash, randomBytes } from 'node:crypto';

/** A bearer token: 256 random bits. Only its hash is stored. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Public ids for sessions and leases: unguessable, safe to log and to put in events. */
export function newPublicId(): string {
  return randomBytes(12).toString('base64url');
}
