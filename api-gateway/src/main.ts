import { runUntilSignalled } from '@charla/platform';
import { gatewayConfigFromEnv, startGateway } from './app';

/** Composition root: environment → gateway, stopped gracefully on SIGINT/SIGTERM. */
runUntilSignalled('api-gateway', () => gatewayConfigFromEnv(process.env), startGateway);
