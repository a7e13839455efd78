import { createHmac } from 'node:crypto';
import { intVar, optionalVar, type Env } from '@charla/platform';

export interface GatewayFilesConfig {
  /** Uploads larger than this get 413 (messages-service enforces its own MAX_FILE_BYTES too). */
  maxFileBytes: number;
  /** The key file URLs are signed with: FILE_URL_SECRET, or one derived from SERVICE_TOKEN. */
  urlSecret: Buffer;
  /** How long a file URL works at least; URLs are the same within one such period, so browsers cache them. */
  urlLifetimeMs: number;
}

export function filesConfigFromEnv(env: Env, serviceToken: string): GatewayFilesConfig {
  const secret = optionalVar(env, 'FILE_URL_SECRET');
  return {
    maxFileBytes: intVar(env, 'MAX_FILE_BYTES', 25 * 1024 * 1024, { min: 1, max: 2 ** 40 }),
    // Every gateway derives the same key from the shared credential, so any of them serves a URL another signed.
    urlSecret: secret ? Buffer.from(secret) : createHmac('sha256', serviceToken).update('charla file URLs').digest(),
    urlLifetimeMs: intVar(env, 'FILE_URL_LIFETIME_SECONDS', 3600, { min: 60, max: 7 * 86400 }) * 1000,
  };
}
