import { createLogger } from '@charla/platform';
import { AuthenticateResponse, User, UsersServiceService } from '@charla/proto/users';
import { Server, ServerCredentials, type sendUnaryData, type ServerUnaryCall, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { createServer } from 'node:net';
import { UsersClient } from '../src/users/directory';

/** A users-service that answers Authenticate when told, counting the calls. */
async function slowUsersService() {
  const calls: string[] = [];
  const waiting: (() => void)[] = [];
  const server = new Server();
  const authenticate = (call: ServerUnaryCall<{ token: string }, AuthenticateResponse>, callback: sendUnaryData<AuthenticateResponse>) => {
    calls.push(call.request.token);
    waiting.push(() => callback(null, AuthenticateResponse.fromPartial({ user: User.fromPartial({ id: 7, username: 'ana' }), sessionId: 's1' })));
  };
  server.addService(UsersServiceService, { authenticate } as unknown as UntypedServiceImplementation);
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

  it("asks users-service once for a token however many of its user's sends wait for the answer", async () => {
    const users = await slowUsersService();
    const client = new UsersClient({ address: `127.0.0.1:${users.port}`, serviceToken: 's', log });
    try {
      // A burst of one sender's messages, all arriving before users-service answered the first check.
      const checks = Array.from({ length: 40 }, () => client.authenticate('t1'));
      await new Promise((resolve) => setTimeout(resolve, 200));
      users.answer();
      const callers = await Promise.all(checks);
      expect(users.calls).toEqual(['t1']);
      expect(callers.every((caller) => caller.user.username === 'ana')).toBe(true);
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
