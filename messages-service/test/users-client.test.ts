import { createLogger } from '@charla/platform';
import { createServer } from 'node:net';
import { UsersClient } from '../src/users/directory';

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
