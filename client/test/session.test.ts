// Resuming a stored session on page load: only a refused token signs the person out.
import { resume, session } from '../src/state/session';

const TOKEN_KEY = 'charla.token';

function answer(status: number, body: unknown): void {
  globalThis.fetch = (async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })) as typeof fetch;
}

function graphqlError(code: string, message: string) {
  return { data: null, errors: [{ message, extensions: { code } }] };
}

beforeEach(() => {
  const items = new Map<string, string>([[TOKEN_KEY, 'stored-token']]);
  (globalThis as { localStorage?: unknown }).localStorage = {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
});

describe('resuming a stored session', () => {
  it('forgets a token the server refuses and says the session ended', async () => {
    answer(200, graphqlError('UNAUTHENTICATED', 'Sign in first.'));
    await resume();
    expect(session.get()).toEqual({ kind: 'signedOut', notice: 'Your session ended. Please sign in again.' });
    expect(localStorage.getItem(TOKEN_KEY)).toBeNull();
  });

  it('keeps the token when the server refuses the query for another reason, and says why', async () => {
    answer(400, graphqlError('QUERY_TOO_COSTLY', 'The query would resolve about 30000 fields; the limit is 20000.'));
    await resume();
    expect(session.get()).toEqual({ kind: 'signedOut', notice: expect.stringContaining('the limit is 20000') });
    expect(session.get()).not.toEqual(expect.objectContaining({ notice: expect.stringContaining('session ended') }));
    expect(localStorage.getItem(TOKEN_KEY)).toBe('stored-token');
  });

  it('keeps the token while a part restarts', async () => {
    answer(200, graphqlError('SERVICE_UNAVAILABLE', 'A Charla service is unavailable.'));
    await resume();
    expect(session.get()).toEqual({ kind: 'signedOut', notice: 'The server cannot be reached. Try again in a moment.' });
    expect(localStorage.getItem(TOKEN_KEY)).toBe('stored-token');
  });
});
