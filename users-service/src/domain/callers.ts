import { permissionDenied, sameSecret, unauthenticated } from '@charla/platform';
import type { Accounts } from './accounts';
import type { Caller, Session, User } from './types';

/** Who calls, from the bearer token they present: a signed-in user or another Charla service. */
export class Callers {
  constructor(
    private readonly accounts: Pick<Accounts, 'authenticate'>,
    /** The shared credential other Charla services present. */
    private readonly serviceToken: string,
  ) {}

  /** Undefined for no token (some calls are anonymous); UNAUTHENTICATED for a bad one. */
  async of(token: string | undefined): Promise<Caller | undefined> {
    if (token === undefined) return undefined;
    if (sameSecret(token, this.serviceToken)) return { kind: 'service' };
    const { user, session } = await this.accounts.authenticate(token);
    return { kind: 'user', user, session };
  }
}

export function requireCaller(caller: Caller | undefined): asserts caller is Caller {
  if (!caller) throw unauthenticated('this call needs `authorization: Bearer <token>`', 'TOKEN_REQUIRED');
}

export function requireUser(caller: Caller | undefined): { user: User; session: Session } {
  requireCaller(caller);
  if (caller.kind !== 'user') throw permissionDenied('this call acts for a signed-in user', 'USER_TOKEN_REQUIRED');
  return caller;
}

export function requireService(caller: Caller | undefined): void {
  if (!caller) throw unauthenticated('this call needs the service credential', 'SERVICE_TOKEN_REQUIRED');
  if (caller.kind !== 'service') throw permissionDenied('this call is for Charla services only', 'SERVICE_TOKEN_REQUIRED');
}
