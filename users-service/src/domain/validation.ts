import { invalidArgument, invalidFields, type FieldViolation } from '@charla/platform';

/** Input limits, in one place so every door enforces the same ones. */
export const LIMITS = {
  usernameMin: 3,
  usernameMax: 32,
  passwordMin: 8,
  passwordMax: 256,
  nameMax: 100,
  emailMax: 254,
  pageSizeDefault: 50,
  pageSizeMax: 100,
  batchIdsMax: 1000,
  renewLeasesMax: 10_000,
  holderMax: 128,
  leaseTtlMax: 300,
} as const;

const USERNAME = /^[\p{L}\p{Nd}_.-]+$/u;
// Deliberately loose: one @, something on both sides, a dot in the domain, no spaces.
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
// Control characters have no place in names a chat shows to others.
const CONTROL = /\p{Cc}/u;

/** Unicode letters are allowed, so compare and store usernames in one normal form. */
export function normalizeUsername(username: string): string {
  return username.normalize('NFC');
}

/** The key that makes usernames (and emails) unique case-insensitively, in both databases alike. */
export function uniqueKey(value: string): string {
  return value.normalize('NFC').toLowerCase();
}

export function usernameViolation(username: string, field = 'username'): FieldViolation | undefined {
  const length = [...username].length;
  if (length === 0) return { field, description: 'is required' };
  if (length < LIMITS.usernameMin || length > LIMITS.usernameMax) {
    return { field, description: `must be ${LIMITS.usernameMin}–${LIMITS.usernameMax} characters` };
  }
  if (!USERNAME.test(username)) return { field, description: 'may contain only letters, digits, _ . and -' };
  return undefined;
}

export function passwordViolation(password: string, field = 'password'): FieldViolation | undefined {
  const length = [...password].length;
  if (length === 0) return { field, description: 'is required' };
  if (length < LIMITS.passwordMin || length > LIMITS.passwordMax) {
    return { field, description: `must be ${LIMITS.passwordMin}–${LIMITS.passwordMax} characters` };
  }
  return undefined;
}

/** Empty means "no email". */
export function emailViolation(email: string, field = 'email'): FieldViolation | undefined {
  if (email === '') return undefined;
  if (email.length > LIMITS.emailMax) return { field, description: `must be at most ${LIMITS.emailMax} characters` };
  if (!EMAIL.test(email)) return { field, description: 'is not a valid email address' };
  return undefined;
}

export function nameViolation(name: string, field: string): FieldViolation | undefined {
  if ([...name].length > LIMITS.nameMax) return { field, description: `must be at most ${LIMITS.nameMax} characters` };
  if (CONTROL.test(name)) return { field, description: 'must not contain control characters' };
  return undefined;
}

/** Throws one INVALID_ARGUMENT naming every bad field, or returns. */
export function assertValid(violations: (FieldViolation | undefined)[]): void {
  const found = violations.filter((v): v is FieldViolation => v !== undefined);
  if (found.length > 0) throw invalidFields(found);
}

export function pageSize(requested: number): number {
  if (requested === 0) return LIMITS.pageSizeDefault;
  if (!Number.isInteger(requested) || requested < 1 || requested > LIMITS.pageSizeMax) {
    throw invalidArgument('page_size', `must be 1–${LIMITS.pageSizeMax} (0 means ${LIMITS.pageSizeDefault})`);
  }
  return requested;
}

/** Page tokens are opaque to clients: base64url of the last id seen. */
export function encodePageToken(lastId: number): string {
  return Buffer.from(`u:${lastId}`).toString('base64url');
}

export function decodePageToken(token: string): number {
  if (token === '') return 0;
  const match = /^u:(\d{1,15})$/.exec(Buffer.from(token, 'base64url').toString());
  if (!match) throw invalidArgument('page_token', 'is not a token this service issued');
  return Number(match[1]);
}

export function userId(id: number, field = 'id'): number {
  if (!Number.isSafeInteger(id) || id <= 0) throw invalidArgument(field, 'must be a positive user id');
  return id;
}
