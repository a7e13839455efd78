import { ConfigError, intVar, optionalVar, stringVar, type Env } from '@charla/platform';
import type { S3Settings } from '../blobs/s3';

export interface FilesConfig {
  /** Uploads larger than this are refused (RESOURCE_EXHAUSTED; the gateway answers 413). */
  maxFileBytes: number;
  /** S3-compatible object storage for the bytes; undefined keeps them under DATA_DIR/files. */
  s3: S3Settings | undefined;
}

export const DEFAULT_MAX_FILE_BYTES = 25 * 1024 * 1024;

/** MAX_FILE_BYTES, and S3_* (S3 is used when both S3_ENDPOINT and S3_BUCKET are set). */
export function filesConfigFromEnv(env: Env): FilesConfig {
  const endpoint = optionalVar(env, 'S3_ENDPOINT');
  const bucket = optionalVar(env, 'S3_BUCKET');
  if ((endpoint === undefined) !== (bucket === undefined)) {
    throw new ConfigError('S3_ENDPOINT and S3_BUCKET go together: set both for object storage, or neither', endpoint ? 'S3_BUCKET' : 'S3_ENDPOINT');
  }
  return {
    maxFileBytes: intVar(env, 'MAX_FILE_BYTES', DEFAULT_MAX_FILE_BYTES, { min: 1, max: 2 ** 40 }),
    s3:
      endpoint && bucket
        ? {
            endpoint,
            bucket,
            region: stringVar(env, 'S3_REGION', 'us-east-1'),
            accessKeyId: optionalVar(env, 'S3_ACCESS_KEY_ID'),
            secretAccessKey: optionalVar(env, 'S3_SECRET_ACCESS_KEY'),
            forcePathStyle: stringVar(env, 'S3_FORCE_PATH_STYLE', 'true') !== 'false',
          }
        : undefined,
  };
}
