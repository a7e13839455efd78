import { sameSecret, unauthenticated } from '@charla/platform';
import type { Caller, UserCaller, UserDirectory } from './types';

const SERVICE: Caller = { kind: 'service' };
/** Users already checked for `general` membership in this process (a bounded memo). */
const GENERAL_MEMO_MAX = 100_000;

/** Who calls, from the bearer token they present: a signed-in user or another Charla service. */
export class Callers {
  private readonly inGeneral = new Set<number>();

  constructor(
    private readonly users: UserDirectory,
    /** Puts a user in `general` unless they ever were a member. */
    private readonly joinGeneral: (userId: number) => Promise<void>,
    /** The shared credential other Charla services present. */
    private readonly serviceToken: string,
  ) {}

  /** Every call needs a token; a user's first call here also puts them in `general` (the backstop to the registration feed). */
  async of(token: string | undefined): Promise<Caller> {
    if (!token) throw unauthenticated('an authorization: Bearer <token> is required', 'TOKEN_MISSING');
    if (sameSecret(token, this.serviceToken)) return SERVICE;
    const caller = await this.users.authenticate(token);
    if (!this.inGeneral.has(caller.user.id)) {
      await this.joinGeneral(caller.user.id);
      if (this.inGeneral.size > GENERAL_MEMO_MAX) this.inGeneral.clear();
      this.inGeneral.add(caller.user.id);
    }
    return caller;
  }
}

/** The calls that act for a signed-in user; the service credential is no user's token. */
export function requireUser(caller: Caller): UserCaller {
  if (caller.kind !== 'user') throw unauthenticated('this call acts for a signed-in user', 'USER_TOKEN_REQUIRED');
  return caller;
}

/** The calls for Charla services only (gateways): a user's token is refused as no credential at all. */
export function requireService(caller: Caller): void {
  if (caller.kind !== 'service') throw unauthenticated('this call needs the service credential', 'SERVICE_TOKEN_REQUIRED');
}
