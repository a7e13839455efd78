import { LoginDocument, RegisterDocument, type RegisterInput as RegisterVariables } from '../api/generated';
import { graphql, RequestError } from '../api/graphql';
import { browserPorts } from './browser';
import { Chat } from './chat';
import { fetchHome } from './home';
import { createStore } from './store';

export type Session = { kind: 'loading' } | { kind: 'signedOut'; notice?: string } | { kind: 'signedIn'; chat: Chat };

const TOKEN_KEY = 'charla.token';

export const session = createStore<Session>({ kind: 'loading' });

/** The registration form: every field a string (an empty email is sent as none). */
export type RegisterInput = { [K in keyof RegisterVariables]-?: string };

/**
 * Stays signed in across reloads: the stored token is tried once. Only a token the server
 * refuses is forgotten; any other failure (the network, a part restarting, a refused query)
 * keeps it for the next reload and says what happened, not that the session ended.
 */
export async function resume(): Promise<void> {
  const token = localStorage.getItem(TOKEN_KEY);
  if (!token) return session.set({ kind: 'signedOut' });
  try {
    await enter(token);
  } catch (error) {
    if (error instanceof RequestError && error.code === 'UNAUTHENTICATED') {
      localStorage.removeItem(TOKEN_KEY);
      session.set({ kind: 'signedOut', notice: 'Your session ended. Please sign in again.' });
    } else if (error instanceof RequestError && error.transient) {
      session.set({ kind: 'signedOut', notice: 'The server cannot be reached. Try again in a moment.' });
    } else {
      const reason = error instanceof Error ? error.message : String(error);
      session.set({ kind: 'signedOut', notice: `Your chats could not be loaded (${reason}). Reload to try again.` });
    }
  }
}

/**
 * Signs in; nothing else. A first sign-in may create the account, but the server answers a
 * wrong password and an unknown name alike (it does not reveal which names exist), so the
 * sign-in screen offers `createAccount` after a refusal instead of trying it on its own: every
 * try spends the per-address registration limit.
 */
export async function signIn(username: string, password: string): Promise<void> {
  const { login } = await graphql(LoginDocument, { username, password });
  await enter(login.token);
}

/** "A first sign-in creates the account", once the person has said so. */
export async function createAccount(username: string, password: string): Promise<void> {
  try {
    await register({ firstName: '', lastName: '', username, email: '', password });
  } catch (error) {
    if (error instanceof RequestError && (error.reason === 'USERNAME_TAKEN' || (error.field === 'username' && /taken|already/i.test(error.message)))) {
      throw new RequestError(`“${username}” already has an account, so the password was not right.`, 'USERNAME_TAKEN', false);
    }
    throw error;
  }
}

export async function register(input: RegisterInput): Promise<void> {
  const { register } = await graphql(RegisterDocument, { input: { ...input, email: input.email || null } });
  await enter(register.token);
}

/**
 * Leaves the chat. The screen changes first, so nothing the ended session still answers (a
 * refused logout, a 4403 close) can sign out a second time. A chosen sign-out also forgets
 * unsent messages: the next person at this browser must not find them.
 */
export async function signOut(options: { notice?: string; forgetUnsent?: boolean } = {}): Promise<void> {
  const current = session.get();
  localStorage.removeItem(TOKEN_KEY);
  session.set({ kind: 'signedOut', notice: options.notice });
  if (current.kind !== 'signedIn') return;
  current.chat.stop();
  if (options.forgetUnsent) current.chat.forgetUnsent();
  await current.chat.logout();
}

async function enter(token: string): Promise<void> {
  const ports = browserPorts(token);
  const home = await fetchHome(ports.request);
  if (!home.me) throw new RequestError('Not signed in.', 'UNAUTHENTICATED', false);
  localStorage.setItem(TOKEN_KEY, token);
  const previous = session.get();
  if (previous.kind === 'signedIn') previous.chat.stop();
  const chat = new Chat(token, home.me, ports, () => void signOut({ notice: 'Your session ended. Please sign in again.' }));
  chat.start(home);
  session.set({ kind: 'signedIn', chat });
}
