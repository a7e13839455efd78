import { createLogger } from '@charla/platform';
import { UserEventType, type UserEvent } from '@charla/proto/users';
import { Metadata, status } from '@grpc/grpc-js';
import { followUserEvents } from '../src/users/user-events';

const registered = { id: 1, type: UserEventType.USER_EVENT_TYPE_REGISTERED, user: { id: 7 } } as UserEvent;

/** Follows a feed that delivers one registration per attempt, for two attempts; returns the log's spies. */
async function follow(options: { stream?: () => Promise<void>; joinGeneral?: () => Promise<void> }) {
  const log = createLogger('test', 'silent');
  const spies = { debug: jest.spyOn(log, 'debug'), warn: jest.spyOn(log, 'warn') };
  const stop = new AbortController();
  let attempts = 0;
  await followUserEvents({
    users: {
      watchUserEvents: async (_after, _signal, onEvent) => {
        attempts += 1;
        if (attempts === 2) stop.abort();
        await onEvent(registered);
        await options.stream?.();
      },
      forget: () => undefined,
    },
    joinGeneral: options.joinGeneral ?? (async () => undefined),
    store: { readCursor: async () => 0, writeCursor: async () => undefined },
    log,
    signal: stop.signal,
  });
  return spies;
}

describe('following users-service events', () => {
  it('warns of a failure of its own (putting a user in general), and retries', async () => {
    const full = new Error('the store is full');
    const { debug, warn } = await follow({ joinGeneral: () => Promise.reject(full) });
    expect(warn).toHaveBeenCalledWith({ err: full }, 'following users events failed; retrying');
    expect(debug).not.toHaveBeenCalled();
  });

  it('retries quietly when the stream breaks', async () => {
    const broken = Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: status.UNAVAILABLE, details: '', metadata: new Metadata() });
    const { debug, warn } = await follow({ stream: () => Promise.reject(broken) });
    expect(debug).toHaveBeenCalledWith({ err: broken }, 'users event stream interrupted; retrying');
    expect(warn).not.toHaveBeenCalled();
  });
});
