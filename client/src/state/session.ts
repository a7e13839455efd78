import { graphql, RequestError } from '../api/graphql';
import * as op from '../api/operations';
import { Chat, fetchHome } from './chat';
import { createStore } from './store';
import type { User } from './types';

export type Session = { kind: 'loading' } | { kind: 'signedOut'; notice?: string } | { kind: 'signedIn'; chat: Chat };

const TOKEN_KEY = 'charla.token';

export const session = createStore<Session>({ kind: 'loading' });

export interface RegisterInput {
  firstName: string;
  lastName: string;
  username: string;
  email: string;
  password: string;
}

/** Stays signed in across reloads: the stored token is tried once; a refused one is forgotten. */
export async function resume(): Promise<void> {
  const token = localStorage.getItem(TOKEN_KEY);
  if (!token) return session.set({ kind: 'signedOut' });
  try {
    await enter(token);
  } catch (error) {
    if (error instanceof RequestError && error.network) {
      session.set({ kind: 'signedOut', notice: 'The server cannot be reached. Try again in a moment.' });
      return;
    }
    localStorage.removeItem(TOKEN_KEY);
    session.set({ kind: 'signedOut', notice: 'Your session ended. Please sign in again.' });
  }
}

/**
 * Seed 001: signing in with a name nobody has yet creates that account. The server answers a
 * wrong password and an unknown name alike, so a refused login tries to register the name: if
 * it is taken, the password was wrong.
 */
export async function signIn(username: string, password: string): Promise<'signedIn' | 'signedUp'> {
  try {
    const { login } = await graphql<{ login: { token: string; user: User } }>(op.LOGIN, { username, password });
    await enter(login.token);
    return 'signedIn';
  } catch (error) {
    if (!(error instanceof RequestError) || error.code !== 'UNAUTHENTICATED') throw error;
  }
  try {
    await register({ firstName: '', lastName: '', username, email: '', password });
    return 'signedUp';
  } catch (error) {
    if (error instanceof RequestError && error.code === 'BAD_USER_INPUT' && /already|taken|exists/i.test(error.message)) {
      throw new RequestError('Wrong username or password.', 'UNAUTHENTICATED', false);
    }
    throw error;
  }
}

export async function register(input: RegisterInput): Promise<void> {
  const { register } = await graphql<{ register: { token: string; user: User } }>(op.REGISTER, { input: { ...input, email: input.email || null } });
  await enter(register.token);
}

export async function signOut(notice?: string): Promise<void> {
  const current = session.get();
  localStorage.removeItem(TOKEN_KEY);
  if (current.kind === 'signedIn') {
    current.chat.stop();
    await current.chat.logout();
  }
  session.set({ kind: 'signedOut', notice });
}

async function enter(token: string): Promise<void> {
  const home = await fetchHome(token);
  if (!home.me) throw new RequestError('Not signed in.', 'UNAUTHENTICATED', false);
  localStorage.setItem(TOKEN_KEY, token);
  const previous = session.get();
  if (previous.kind === 'signedIn') previous.chat.stop();
  const chat = new Chat(token, home.me, () => void signOut('Your session ended. Please sign in again.'));
  chat.start(home);
  session.set({ kind: 'signedIn', chat });
}
