import { join } from 'node:path';
import { ConfigError, DEV_SERVICE_TOKEN, readServiceConfig } from '../src';

describe('service config', () => {
  const defaults = { grpcPort: 50051, httpPort: 8081 };

  it('falls back to the documented defaults', () => {
    const config = readServiceConfig({}, defaults);
    expect(config).toMatchObject({ grpcPort: 50051, httpPort: 8081, databaseUrl: undefined, dataDir: join(process.cwd(), 'data'), serviceToken: DEV_SERVICE_TOKEN });
  });

  it('keeps the data in data/ where the command was run, not in each part\'s folder', () => {
    expect(readServiceConfig({ INIT_CWD: '/srv/charla' }, defaults).dataDir).toBe('/srv/charla/data');
    expect(readServiceConfig({ INIT_CWD: '/srv/charla', DATA_DIR: 'state' }, defaults).dataDir).toBe('/srv/charla/state');
    expect(readServiceConfig({ INIT_CWD: '/srv/charla', DATA_DIR: '/var/lib/charla' }, defaults).dataDir).toBe('/var/lib/charla');
  });

  it('reads the shared variable names', () => {
    const config = readServiceConfig(
      { GRPC_PORT: '6000', HTTP_PORT: '0', DATABASE_URL: 'mysql://root@db/charla', REDIS_URL: 'redis://r:6379', SERVICE_TOKEN: 's3cret' },
      defaults,
    );
    expect(config).toMatchObject({ grpcPort: 6000, httpPort: 0, databaseUrl: 'mysql://root@db/charla', redisUrl: 'redis://r:6379', serviceToken: 's3cret' });
  });

  it('rejects a port that is not a port', () => {
    expect(() => readServiceConfig({ GRPC_PORT: 'abc' }, defaults)).toThrow(ConfigError);
    expect(() => readServiceConfig({ HTTP_PORT: '70000' }, defaults)).toThrow(/HTTP_PORT/);
  });

  it('refuses the development service token in production', () => {
    expect(() => readServiceConfig({ NODE_ENV: 'production' }, defaults)).toThrow(/SERVICE_TOKEN/);
  });
});
