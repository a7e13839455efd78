import { intVar, readServiceConfig, stringVar, type Env, type ServiceConfig } from '@charla/platform';
import { filesConfigFromEnv, type FilesConfig } from './files/config';

export interface MessagesConfig extends ServiceConfig {
  /** host:port of users-service's gRPC API. */
  usersGrpcAddr: string;
  /** Most sends one group commit stores; 1 turns group commit off (one transaction per send). */
  sendsPerCommit: number;
  /** The message of the day until an admin first sets one (then the stored one counts). */
  motd: string;
  /** Attachments: size limit and where the bytes live (files/config.ts). */
  files: FilesConfig;
}

export const DEFAULT_GRPC_PORT = 50052;
export const DEFAULT_HTTP_PORT = 8082;

/** Reads the environment once into a frozen config. */
export function messagesConfigFromEnv(env: Env): Readonly<MessagesConfig> {
  return Object.freeze({
    ...readServiceConfig(env, { grpcPort: DEFAULT_GRPC_PORT, httpPort: DEFAULT_HTTP_PORT }),
    usersGrpcAddr: stringVar(env, 'USERS_GRPC_ADDR', '127.0.0.1:50051'),
    sendsPerCommit: intVar(env, 'SENDS_PER_COMMIT', 100, { min: 1, max: 1000 }),
    motd: stringVar(env, 'MOTD', 'Welcome to Charla.'),
    files: filesConfigFromEnv(env),
  });
}
