import { createLogger } from '@charla/platform';
import { AuthenticateResponse, BatchAuthenticateResponse, User, UsersServiceService } from '@charla/proto/users';
import { Server, ServerCredentials, type sendUnaryData, type ServerUnaryCall, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { createServer } from 'node:net';
import { UsersClient } from '../src/users/directory';

/** A users-service that answers token checks when told, recording the tokens of each call. */
async function slowUsersService() {
  const calls: string[][] = [];
  const waiting: (() => void)[] = [];
  const server = new Server();
  const answer = (token: string) =>
    token.startsWith('bad') ? AuthenticateResponse.fromPartial({}) : AuthenticateResponse.fromPartial({ user: User.fromPartial({ id: Number(token.slice(1)), username: `user${token.slice(1)}` }), sessionId: `s-${token}` });
  const batchAuthenticate = (call: ServerUnaryCall<{ tokens: string[] }, BatchAuthenticateResponse>, callback: sendUnaryData<BatchAuthenticateResponse>) => {
    calls.push(call.request.tokens);
    waiting.push(() => callback(null, BatchAuthenticateResponse.fromPartial({ results: call.request.tokens.map(answer) })));
  };
  server.addService(UsersServiceService, { batchAuthenticate } as unknown as UntypedServiceImplementation);
  const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))));
  return { port, calls, answer: () => waiting.splice(0).forEach((send) => send()), stop: () => server.forceShutdown() };
}

/** A port nothing listens on. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A port that accepts connections and never answers. */
async function silentPort(): Promise<{ port: number; close(): void }> {
  const sockets = new Set<import('node:net').Socket>();
  const server = createServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    close: () => {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}

describe('users-service client', () => {
  const log = createLogger('test', 'silent');

  it("asks users-service once for the tokens of a burst of sends by many users, however many of each user's sends wait", async () => {
    const users = await slowUsersService();
    const client = new UsersClient({ address: `127.0.0.1:${users.port}`, serviceToken: 's', log });
    try {
      // A gateway's batch: 40 sends of user 1, one each of users 2-11 and a bad token, all before users-service answered.
      const checks = [...Array.from({ length: 40 }, () => 't1'), ...Array.from({ length: 10 }, (_, i) => `t${i + 2}`)].map((token) => client.authenticate(token));
      const bad = client.authenticate('bad-token');
      await new Promise((resolve) => setTimeout(resolve, 200));
      users.answer();
      const callers = await Promise.all(checks);
      await expect(bad).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
      expect(users.calls).toEqual([['t1', ...Array.from({ length: 10 }, (_, i) => `t${i + 2}`), 'bad-token']]);
      expect(callers.map((caller) => caller.user.id)).toEqual([...Array.from({ length: 40 }, () => 1), ...Array.from({ length: 10 }, (_, i) => i + 2)]);
      // Trusted now: no further call.
      await client.authenticate('t5');
      expect(users.calls).toHaveLength(1);
    } finally {
      client.close();
      users.stop();
    }
  });

  it('answers UNAVAILABLE at once when users-service is down', async () => {
    const client = new UsersClient({ address: `127.0.0.1:${await deadPort()}`, serviceToken: 's', log, deadlineMs: 3_000 });
    const started = Date.now();
    await expect(client.authenticate('any')).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(Date.now() - started).toBeLessThan(3_000);
    client.close();
  });

  it('answers UNAVAILABLE at the deadline when users-service hangs', async () => {
    const silent = await silentPort();
    const client = new UsersClient({ address: `127.0.0.1:${silent.port}`, serviceToken: 's', log, deadlineMs: 300 });
    const started = Date.now();
    await expect(client.authenticate('any')).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(Date.now() - started).toBeLessThan(2_000);
    client.close();
    silent.close();
  });
});
