import { runUntilSignalled } from '@charla/platform';
import { gatewayConfigFromEnv, startGateway } from './app';

/** Composition root: settings (charla.json under the environment) → gateway, stopped gracefully on SIGINT/SIGTERM. */
runUntilSignalled('api-gateway', gatewayConfigFromEnv, startGateway);
