import { DeleteObjectsCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { notFound } from '@charla/platform';
import { Readable } from 'node:stream';
import type { BlobRange, BlobStore } from './blob-store';

export interface S3Settings {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string | undefined;
  secretAccessKey: string | undefined;
  /** Path-style addressing (`endpoint/bucket/key`), which S3-compatible servers expect. */
  forcePathStyle: boolean;
}

/**
 * Blobs as objects in an S3-compatible bucket. Checksums are sent only where the API demands
 * them: the SDK's default (a trailing CRC over aws-chunked bodies) is not spoken by every
 * S3-compatible server, and the service checks each upload's size itself.
 */
export function s3BlobStore(settings: S3Settings): BlobStore & { close(): void } {
  const client = new S3Client({
    endpoint: settings.endpoint,
    region: settings.region,
    forcePathStyle: settings.forcePathStyle,
    credentials: settings.accessKeyId && settings.secretAccessKey ? { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } : undefined,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const Bucket = settings.bucket;

  return {
    async put(key, bytes, size) {
      await client.send(new PutObjectCommand({ Bucket, Key: key, Body: bytes, ContentLength: size, ContentType: 'application/octet-stream' }));
    },

    async get(key: string, range?: BlobRange): Promise<Readable> {
      if (range && range.length === 0) return Readable.from([]);
      try {
        const object = await client.send(
          new GetObjectCommand({ Bucket, Key: key, Range: range ? `bytes=${range.offset}-${range.offset + range.length - 1}` : undefined }),
        );
        return object.Body as Readable;
      } catch (error) {
        if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') throw notFound('file', 'BLOB_NOT_FOUND');
        throw error;
      }
    },

    async delete(keys) {
      // DeleteObjects takes at most 1,000 keys.
      for (let i = 0; i < keys.length; i += 1000) {
        const batch = keys.slice(i, i + 1000);
        await client.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }));
      }
    },

    close: () => client.destroy(),
  };
}
