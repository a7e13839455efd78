import {
  decodePageToken,
  emailViolation,
  encodePageToken,
  nameViolation,
  pageSize,
  passwordViolation,
  uniqueKey,
  usernameViolation,
} from '../src/domain/validation';
import { usersConfigFromEnv } from '../src/config';

describe('input rules', () => {
  it.each([
    ['ana', true],
    ['Ana.Maria-2_x', true],
    ['josé', true],
    ['ab', false],
    ['a'.repeat(33), false],
    ['a'.repeat(32), true],
    ['has space', false],
    ['semi;colon', false],
    ['', false],
    ['emoji😀', false],
  ])('username %j valid: %s', (username, valid) => {
    expect(usernameViolation(username) === undefined).toBe(valid);
  });

  it.each([
    ['1234567', false],
    ['12345678', true],
    ['x'.repeat(256), true],
    ['x'.repeat(257), false],
  ])('password of %#: valid %s', (password, valid) => {
    expect(passwordViolation(password) === undefined).toBe(valid);
  });

  it.each([
    ['', true],
    ['ana@example.org', true],
    ['ana@localhost', false],
    ['ana example@x.org', false],
    ['@example.org', false],
    [`${'a'.repeat(250)}@x.org`, false],
  ])('email %j valid: %s', (email, valid) => {
    expect(emailViolation(email) === undefined).toBe(valid);
  });

  it('limits names to 100 characters without control characters', () => {
    expect(nameViolation('Ñandú', 'first_name')).toBeUndefined();
    expect(nameViolation('x'.repeat(101), 'first_name')?.field).toBe('first_name');
    expect(nameViolation('a\u0000b', 'last_name')?.field).toBe('last_name');
  });

  it('makes the unique key case- and normalization-insensitive', () => {
    expect(uniqueKey('JOSÉ')).toBe(uniqueKey('jose\u0301'));
  });

  it('pages 1–100 at a time, 50 by default, with tokens only this service makes', () => {
    expect(pageSize(0)).toBe(50);
    expect(pageSize(100)).toBe(100);
    expect(() => pageSize(101)).toThrow('page_size');
    expect(decodePageToken(encodePageToken(42))).toBe(42);
    expect(decodePageToken('')).toBe(0);
    expect(() => decodePageToken('42')).toThrow('page_token');
  });
});

describe('configuration', () => {
  it('uses the documented defaults', () => {
    const config = usersConfigFromEnv({});
    expect(config).toMatchObject({ grpcPort: 50051, httpPort: 8081, scryptLog2N: 17, presenceGraceMs: 5_000, leaseTtlSeconds: 30 });
  });

  it('refuses a scrypt cost below 2^10 and half an admin', () => {
    expect(() => usersConfigFromEnv({ SCRYPT_LOG2_N: '9' })).toThrow('SCRYPT_LOG2_N');
    expect(() => usersConfigFromEnv({ CHARLA_ADMIN_USERNAME: 'root' })).toThrow('CHARLA_ADMIN_PASSWORD');
  });
});
