import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** scrypt parameters as stored in a PHC string: N = 2^ln. */
export interface ScryptParams {
  ln: number;
  r: number;
  p: number;
}

const SALT_BYTES = 16;
const KEY_BYTES = 32;
// A stored hash asking for more than this is corrupt or hostile, not something to run.
const MAX_LN = 20;
const PHC = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

function derive(password: string, salt: Buffer, params: ScryptParams, length: number): Promise<Buffer> {
  const N = 2 ** params.ln;
  // Node's default maxmem (32 MiB) is below what N=2^17, r=8 needs (128·N·r bytes).
  const options: ScryptOptions = { N, r: params.r, p: params.p, maxmem: 128 * N * params.r * 2 };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, length, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

// PHC strings use standard base64 without padding.
const b64 = (bytes: Buffer) => bytes.toString('base64').replace(/=+$/, '');

/** Hashes a password into `$scrypt$ln=…,r=…,p=…$<salt>$<hash>`. */
export async function hashPassword(password: string, params: ScryptParams): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, params, KEY_BYTES);
  return `$scrypt$ln=${params.ln},r=${params.r},p=${params.p}$${b64(salt)}$${b64(key)}`;
}

/** The parameters a stored hash was made with, or undefined if it is not one of ours. */
export function phcParams(phc: string): ScryptParams | undefined {
  const match = PHC.exec(phc);
  if (!match) return undefined;
  const [ln, r, p] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (ln < 1 || ln > MAX_LN || r < 1 || p < 1) return undefined;
  return { ln, r, p };
}

/** True when the password matches; false for a wrong password or an unreadable hash. */
export async function verifyPassword(password: string, phc: string): Promise<boolean> {
  const match = PHC.exec(phc);
  const params = phcParams(phc);
  if (!match || !params) return false;
  const salt = Buffer.from(match[4], 'base64');
  const expected = Buffer.from(match[5], 'base64');
  if (expected.length === 0) return false;
  const key = await derive(password, salt, params, expected.length);
  return timingSafeEqual(key, expected);
}

export function scryptParams(log2N: number): ScryptParams {
  return { ln: log2N, r: 8, p: 1 };
}
