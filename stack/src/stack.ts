// Charla's parts for a test or a bench: fresh databases, users-service, messages-service and a
// gateway, on 127.0.0.1 and free ports, in this process (or each as its own, as `npm start` runs
// them), stopped together.
import { DEV_SERVICE_TOKEN, type Env } from '@charla/platform';
import { freePort, freePorts, freshTestStore, waitFor, type TestStoreKind, type TestStoreLocation } from '@charla/platform/testing';
import { door, type Door } from './door';
import { disposeAll, once, type Leftover } from './leftovers';
import { partEntry, startProcess, type Part, type ServerProcess } from './processes';

/** The admin users-service creates at start with `operator: true`; it answers the support desk. */
export const OPERATOR = { username: 'operator', password: 'operator-secret-1' };

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Presence that settles in a test's time: offline 300 ms after the last lease ends, swept every 100 ms. */
export const QUICK_PRESENCE = { PRESENCE_GRACE_MS: '300', PRESENCE_SWEEP_MS: '100' };

export interface StackOptions {
  /** Names the fresh databases (letters, digits and _). */
  label: string;
  /** A fresh MariaDB database per service (the default), or SQLite in a fresh directory. */
  store?: TestStoreKind;
  /** Environment over the stack's defaults: `all` for every part, then the part's own. */
  env?: { all?: Env; users?: Env; messages?: Env; gateway?: Env };
  /** The shared credential of internal calls, for every part (default: the development one). */
  serviceToken?: string;
  /** users-service creates OPERATOR at start. */
  operator?: boolean;
  /** false: users-service alone (add messages-services later with addMessagesService). */
  messages?: boolean;
  /** false: no gateway (add them later with addGateway). */
  gateway?: boolean;
  /** Every part gets REDIS_URL, as when several replicas run (scale-out). */
  redis?: boolean;
  /**
   * Each part as its own node process instead of in this one; nodeArgs per part (e.g. --cpu-prof);
   * built: each part's dist/ as production runs it (npm run build first), not its TypeScript through tsx.
   */
  processes?: { nodeArgs?: (part: Part) => string[]; built?: boolean };
}

/** A running service, where to reach it, and how to stop it (also done by the stack's stop). */
export interface ServicePart {
  grpcPort: number;
  httpPort: number;
  /** 127.0.0.1:<grpcPort> */
  grpcAddr: string;
  /** http://127.0.0.1:<httpPort> */
  http: string;
  database: TestStoreLocation;
  stop(): Promise<void>;
}

export interface Gateway extends Door {
  stop(): Promise<void>;
}

/** A gateway as its own process, to kill and start again on the same port. */
export interface GatewayProcess extends Door, ServerProcess {}

export interface Stack {
  users: ServicePart;
  /** The first messages-service; throws when the stack was started without one. */
  readonly messages: ServicePart;
  /** The first gateway; throws when the stack was started without one. */
  readonly gateway: Gateway;
  serviceToken: string;
  /** The parts running as their own processes (all of them with `processes`, and spawned gateways). */
  processes: ServerProcess[];
  /** Disposed by stop(), newest first: push what a test opens (sockets, clients, replicas). */
  leftovers: Leftover[];
  /** Another gateway in front of the same services (scale-out); `env` over the stack's gateway env. */
  addGateway(env?: Env): Promise<Gateway>;
  /** Another messages-service on a fresh database of the stack's store; its stop drops the database. */
  addMessagesService(env?: Env): Promise<ServicePart>;
  /** A gateway as its own process on a free port, whatever the stack's mode; ready on return. */
  spawnGateway(env?: Env): Promise<GatewayProcess>;
  stop(): Promise<void>;
}

const READY_MS = { inProcess: 10_000, process: 60_000 };

export async function startStack(options: StackOptions): Promise<Stack> {
  const leftovers: Leftover[] = [];
  const stop = () => disposeAll(leftovers);
  const store = options.store ?? 'mysql';
  const serviceToken = options.serviceToken ?? DEV_SERVICE_TOKEN;
  const base: Env = {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    GRPC_PORT: '0',
    HTTP_PORT: '0',
    LOG_LEVEL: 'silent',
    SERVICE_TOKEN: serviceToken,
    REDIS_URL: options.redis ? REDIS_URL : '',
  };
  const envOf = (part: 'users' | 'messages' | 'gateway', wiring: Env): Env => ({ ...base, ...wiring, ...options.env?.all, ...options.env?.[part] });
  const processes: ServerProcess[] = [];
  const asProcesses = options.processes !== undefined;
  const nodeArgs = (part: Part) => options.processes?.nodeArgs?.(part) ?? [];

  const freshDatabase = async (name: string) => {
    const created = await freshTestStore(store, `${options.label}_${name}`);
    const database = { ...created, dispose: once(created.dispose) };
    leftovers.push(database.dispose);
    return database;
  };
  const launchService = async (part: 'users-service' | 'messages-service', database: TestStoreLocation, env: Env): Promise<ServicePart> => {
    const located = { ...env, DATABASE_URL: database.url ?? '', DATA_DIR: database.dataDir };
    const at = (grpcPort: number, httpPort: number, stop: () => Promise<void>): ServicePart => ({
      grpcPort,
      httpPort,
      grpcAddr: `127.0.0.1:${grpcPort}`,
      http: `http://127.0.0.1:${httpPort}`,
      database,
      stop,
    });
    if (asProcesses) {
      const [grpcPort, httpPort] = await freePorts(2);
      const http = `http://127.0.0.1:${httpPort}`;
      const started = await startProcess(
        // Any answer over HTTP means it listens.
        { name: part, ...partEntry(part, options.processes?.built), env: { ...located, GRPC_PORT: `${grpcPort}`, HTTP_PORT: `${httpPort}` }, nodeArgs: nodeArgs(part), ready: () => fetch(http).then(() => true), readyTimeoutMs: READY_MS.process },
        leftovers,
      );
      processes.push(started);
      return at(grpcPort, httpPort, started.stop);
    }
    const running = await startInProcess(part, located);
    const stop = once(running.stop);
    leftovers.push(stop);
    return at(running.grpcPort, running.httpPort, stop);
  };
  const readyz = (url: string) => async () => (await fetch(`${url}/readyz`)).ok;

  try {
    const usersDatabase = await freshDatabase('users');
    const admin = options.operator ? { CHARLA_ADMIN_USERNAME: OPERATOR.username, CHARLA_ADMIN_PASSWORD: OPERATOR.password } : {};
    // Registration hashes with scrypt: the cheapest cost it accepts keeps set-up to milliseconds.
    const users = await launchService('users-service', usersDatabase, envOf('users', { SCRYPT_LOG2_N: '10', ...admin }));
    const messagesList: ServicePart[] = [];
    const addMessagesService = async (env: Env = {}) => {
      const database = await freshDatabase('messages');
      const service = await launchService('messages-service', database, { ...envOf('messages', { USERS_GRPC_ADDR: users.grpcAddr }), ...env });
      const withDatabase = {
        ...service,
        stop: once(async () => {
          await service.stop();
          await database.dispose();
        }),
      };
      messagesList.push(withDatabase);
      return withDatabase;
    };
    if (options.messages !== false) await addMessagesService();
    const gatewayEnv = (env: Env): Env => {
      const messages = messagesList[0]?.grpcAddr ?? '';
      // No client to serve: tests and benches talk to the API (the browser tests set CLIENT_DIST).
      return { ...envOf('gateway', { PORT: '0', USERS_GRPC_ADDR: users.grpcAddr, MESSAGES_GRPC_ADDR: messages, CLIENT_DIST: '/nonexistent' }), ...env };
    };
    const spawnGateway = async (env: Env = {}): Promise<GatewayProcess> => {
      const port = await freePort();
      const at = door(`http://127.0.0.1:${port}`);
      const started = await startProcess(
        { name: 'api-gateway', ...partEntry('api-gateway', options.processes?.built), env: { ...gatewayEnv(env), PORT: `${port}` }, nodeArgs: nodeArgs('api-gateway'), ready: readyz(at.url), readyTimeoutMs: READY_MS.process },
        leftovers,
      );
      processes.push(started);
      return Object.assign(started, at);
    };
    const gateways: Gateway[] = [];
    const addGateway = async (env: Env = {}): Promise<Gateway> => {
      if (asProcesses) {
        const spawned = await spawnGateway(env);
        gateways.push(spawned);
        return spawned;
      }
      const { gatewayConfigFromEnv, startGateway } = await import('@charla/api-gateway');
      const running = await startGateway(gatewayConfigFromEnv(gatewayEnv(env)));
      const gateway = { ...door(`http://127.0.0.1:${running.port}`), stop: once(running.stop) };
      leftovers.push(gateway.stop);
      // The gateway's event streams start "from now": ready means they are live.
      await waitFor('the gateway to be ready', readyz(gateway.url), READY_MS.inProcess);
      gateways.push(gateway);
      return gateway;
    };
    if (options.gateway !== false) await addGateway();

    const first = <T>(list: T[], what: string): T => {
      if (list.length === 0) throw new Error(`this stack was started without ${what}`);
      return list[0];
    };
    return {
      users,
      get messages() {
        return first(messagesList, 'a messages-service');
      },
      get gateway() {
        return first(gateways, 'a gateway');
      },
      serviceToken,
      processes,
      leftovers,
      addGateway,
      addMessagesService,
      spawnGateway,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Each part's code is loaded when first started: a stack pays only for the parts it runs. */
async function startInProcess(part: 'users-service' | 'messages-service', env: Env): Promise<{ grpcPort: number; httpPort: number; stop(): Promise<void> }> {
  if (part === 'users-service') {
    const { startUsersService, usersConfigFromEnv } = await import('@charla/users-service');
    return startUsersService(usersConfigFromEnv(env));
  }
  const { startMessagesService, messagesConfigFromEnv } = await import('@charla/messages-service');
  return startMessagesService(messagesConfigFromEnv(env));
}
