import { usersConfigFromEnv } from '../src/config';
import { hashPassword, phcParams, scryptParams, verifyPassword } from '../src/domain/password';

describe('password hashing', () => {
  it('defaults to scrypt N=2^17, r=8, p=1 in a PHC string', async () => {
    const config = usersConfigFromEnv({});
    const phc = await hashPassword('correct horse battery', scryptParams(config.scryptLog2N));
    expect(phc).toMatch(/^\$scrypt\$ln=17,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(await verifyPassword('correct horse battery', phc)).toBe(true);
  });

  it('verifies with the parameters stored in the hash, not the current ones', async () => {
    const phc = await hashPassword('pässwörd-ñ', scryptParams(10));
    expect(phcParams(phc)).toEqual({ ln: 10, r: 8, p: 1 });
    expect(await verifyPassword('pässwörd-ñ', phc)).toBe(true);
    // The same text in decomposed Unicode is the same password.
    expect(await verifyPassword('pässwörd-ñ'.normalize('NFD'), phc)).toBe(true);
    expect(await verifyPassword('passw0rd-n', phc)).toBe(false);
  });

  it.each([
    ['empty', ''],
    ['not PHC', 'plaintext'],
    ['another algorithm', '$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA'],
    ['a cost too high to run', '$scrypt$ln=40,r=8,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g'],
  ])('rejects a stored hash that is %s instead of crashing', async (_what, stored) => {
    expect(await verifyPassword('whatever', stored)).toBe(false);
  });

  it('salts every hash', async () => {
    const params = scryptParams(10);
    expect(await hashPassword('same password', params)).not.toBe(await hashPassword('same password', params));
  });
});
