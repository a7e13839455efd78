import { createHash, timingSafeEqual } from 'node:crypto';
import { UserRole } from '@charla/proto/users';
import { unauthenticated } from './errors';

/** The token of an `authorization: Bearer <token>` header or metadata value, if any. */
export function bearerToken(header: unknown): string | undefined {
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

const digestOf = (secret: string) => createHash('sha256').update(secret).digest();

/** The expected secret is the same on every call (the service token): its digest is kept. */
let expectedDigest: { secret: string; digest: Buffer } | undefined;

/** Compares secrets in constant time (hashing first makes the lengths equal). */
export function sameSecret(given: string, expected: string): boolean {
  if (expectedDigest?.secret !== expected) expectedDigest = { secret: expected, digest: digestOf(expected) };
  return timingSafeEqual(digestOf(given), expectedDigest.digest);
}

/** Throws UNAUTHENTICATED unless the header carries the shared service credential. */
export function requireServiceToken(header: unknown, serviceToken: string): void {
  const token = bearerToken(header);
  if (!token || !sameSecret(token, serviceToken)) {
    throw unauthenticated('this call needs the service credential', 'SERVICE_TOKEN_REQUIRED');
  }
}

/** Operators answer the support desk; admins may do everything operators may. */
export function isOperatorRole(role: UserRole): boolean {
  return role === UserRole.USER_ROLE_OPERATOR || role === UserRole.USER_ROLE_ADMIN;
}
