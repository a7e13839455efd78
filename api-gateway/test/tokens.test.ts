// The gateway's token check: a burst of sockets of one user (their tabs reconnecting, or a
// gateway's sockets after a restart) asks users-service once, and a forgotten session is
// never cached from an answer asked for before it was forgotten.
import { AuthenticateResponse, BatchAuthenticateResponse, User } from '@charla/proto/users';
import { TokenCheck } from '../src/auth/tokens';

function usersService() {
  const calls: string[] = [];
  const answers: (() => void)[] = [];
  return {
    calls,
    /** Answers every waiting call, once the turn's checks went out together. */
    answer: async () => {
      await new Promise((resolve) => setImmediate(resolve));
      answers.splice(0).forEach((send) => send());
    },
    batchAuthenticate: ({ tokens = [] }: { tokens?: string[] }) => {
      calls.push(...tokens);
      return new Promise<BatchAuthenticateResponse>((resolve) =>
        answers.push(() =>
          resolve(
            BatchAuthenticateResponse.fromPartial({
              results: tokens.map((token) =>
                token.startsWith('bad') ? AuthenticateResponse.fromPartial({}) : AuthenticateResponse.fromPartial({ user: User.fromPartial({ id: 7, username: 'ana' }), sessionId: `session-of-${token}` }),
              ),
            }),
          ),
        ),
      );
    },
  };
}

test('checks of one token at the same time share one call, and each gets the viewer', async () => {
  const users = usersService();
  const tokens = new TokenCheck(users, 60_000);
  const checks = Array.from({ length: 50 }, () => tokens.authenticate('t1'));
  const other = tokens.authenticate('t2');
  await users.answer();
  const viewers = await Promise.all([...checks, other]);
  expect(users.calls).toEqual(['t1', 't2']);
  expect(viewers.slice(0, 50).every((viewer) => viewer.user.username === 'ana' && viewer.sessionId === 'session-of-t1')).toBe(true);
  expect(viewers[50].sessionId).toBe('session-of-t2');
  // Cached now: no further call.
  await tokens.authenticate('t1');
  expect(users.calls).toHaveLength(2);
});

test('the tokens of many users at once are looked up in one call, a bad one refused alone', async () => {
  const users = usersService();
  const tokens = new TokenCheck(users, 60_000);
  const checks = ['t1', 't2', 'bad', 't3'].map((token) => tokens.authenticate(token));
  await users.answer();
  const [t1, t2, bad, t3] = await Promise.allSettled(checks);
  expect(users.calls).toEqual(['t1', 't2', 'bad', 't3']);
  expect([t1, t2, t3].map((check) => check.status === 'fulfilled' && check.value.sessionId)).toEqual(['session-of-t1', 'session-of-t2', 'session-of-t3']);
  expect(bad).toMatchObject({ status: 'rejected', reason: { code: 'UNAUTHENTICATED' } });
});

test('a session revoked while its token was being checked is not cached from that answer', async () => {
  const users = usersService();
  const tokens = new TokenCheck(users, 60_000);
  const before = tokens.authenticate('t1');
  tokens.revokeSessions(new Set(['session-of-t1']));
  await users.answer();
  await before;
  // users-service is asked again, and says what it now knows.
  const after = tokens.authenticate('t1');
  await users.answer();
  await after;
  expect(users.calls).toEqual(['t1', 't1']);
});
