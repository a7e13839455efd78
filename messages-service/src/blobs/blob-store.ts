import type { Readable } from 'node:stream';

/** A byte range of a stored blob: `length` bytes from `offset`. */
export interface BlobRange {
  offset: number;
  length: number;
}

/**
 * Where attachments' bytes live. Keys are the service's own (`<random>/original`), never a
 * client's. Bytes go in and out as streams, so no file is ever whole in memory.
 */
export interface BlobStore {
  /** Stores `size` bytes read from `bytes` under `key`; the blob exists only once this resolves. */
  put(key: string, bytes: Readable, size: number): Promise<void>;
  /** The blob's bytes, or the range of them; NOT_FOUND when there is no such blob. */
  get(key: string, range?: BlobRange): Promise<Readable>;
  /** Removes the blobs; keys that do not exist are no error. */
  delete(keys: string[]): Promise<void>;
}
