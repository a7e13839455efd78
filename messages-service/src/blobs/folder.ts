import { notFound } from '@charla/platform';
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { BlobRange, BlobStore } from './blob-store';

/**
 * Blobs as files under one folder (`<DATA_DIR>/files` by default). A blob is written to a
 * temporary name and renamed into place, so a reader never sees half of one.
 */
export function folderBlobStore(root: string): BlobStore {
  const base = resolve(root);
  const pathOf = (key: string) => {
    const path = resolve(base, key);
    // Keys are the service's own; this only guards against a bug ever making one escape.
    if (!path.startsWith(base + sep)) throw new Error(`blob key ${key} leaves the blob folder`);
    return path;
  };

  return {
    async put(key, bytes, size) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      const partial = `${path}.${randomUUID()}.part`;
      try {
        await pipeline(bytes, createWriteStream(partial, { flags: 'wx' }));
        const written = (await stat(partial)).size;
        if (written !== size) throw new Error(`blob ${key}: ${written} bytes written, ${size} expected`);
        await rename(partial, path);
      } catch (error) {
        await rm(partial, { force: true });
        throw error;
      }
    },

    async get(key: string, range?: BlobRange): Promise<Readable> {
      const path = pathOf(key);
      try {
        await stat(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw notFound('file', 'BLOB_NOT_FOUND');
        throw error;
      }
      if (range && range.length === 0) return Readable.from([]);
      return createReadStream(path, range ? { start: range.offset, end: range.offset + range.length - 1 } : {});
    },

    async delete(keys) {
      await Promise.all(keys.map((key) => rm(pathOf(key), { force: true })));
    },
  };
}

/** The default folder: beside the service's database, under its data directory. */
export const blobFolderIn = (dataDir: string) => join(dataDir, 'files');
