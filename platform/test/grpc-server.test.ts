import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createLogger, startGrpcServer, type RunningGrpcServer } from '../src';

const buf = join(__dirname, '..', '..', 'node_modules', '.bin', 'buf');
const run = promisify(execFile);

/** What an operator's `buf curl` prints, knowing nothing but the server's address. */
async function bufCurl(args: string[]): Promise<string> {
  const { stdout } = await run(buf, ['curl', '--protocol', 'grpc', '--http2-prior-knowledge', ...args]);
  return stdout;
}

describe('gRPC server start-up', () => {
  let server: RunningGrpcServer;
  let address: string;

  beforeAll(async () => {
    server = await startGrpcServer({
      host: '127.0.0.1',
      port: 0,
      services: [],
      protoFiles: ['charla/users/v1/users.proto'],
      log: createLogger('test', 'silent'),
    });
    address = `http://127.0.0.1:${server.port}`;
  });
  afterAll(() => server.stop(100));

  it('lets buf curl list every method through reflection, imports and all', async () => {
    const methods = (await bufCurl(['--list-methods', address])).trim().split('\n');
    expect(methods).toEqual(
      expect.arrayContaining([
        'charla.users.v1.UsersService/Register',
        'charla.users.v1.UsersService/WatchEvents',
        'grpc.health.v1.Health/Check',
        'grpc.reflection.v1.ServerReflection/ServerReflectionInfo',
        'grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo',
      ]),
    );
  });

  it('answers health checks for the whole server', async () => {
    expect(JSON.parse(await bufCurl(['-d', '{"service":""}', `${address}/grpc.health.v1.Health/Check`]))).toEqual({ status: 'SERVING' });
  });
});
