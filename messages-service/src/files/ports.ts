import type { Logger } from '@charla/platform';
import { join } from 'node:path';
import type { BlobStore } from '../blobs/blob-store';
import { blobFolderIn, folderBlobStore } from '../blobs/folder';
import { s3BlobStore } from '../blobs/s3';
import type { FilesPorts } from '../domain/files';
import type { FilesConfig } from './config';
import { inspectImage } from './images';
import { spool } from './spool';

/** The files use cases' ports as configured: the blob store (folder or S3), the upload spool, sharp. */
export function filesPorts(config: FilesConfig, dataDir: string, log: Logger): FilesPorts & { close(): void } {
  const s3 = config.s3 && s3BlobStore(config.s3);
  const blobs: BlobStore = s3 ?? folderBlobStore(blobFolderIn(dataDir));
  // Uploads are received to disk first: sniffing, thumbnails and S3's known length need the whole file.
  const spoolDir = join(dataDir, 'uploads');
  log.info({ blobs: config.s3 ? `s3 ${config.s3.endpoint} ${config.s3.bucket}` : blobFolderIn(dataDir) }, 'attachments storage');
  return {
    blobs,
    receive: (chunks, maxBytes) => spool(chunks, spoolDir, maxBytes),
    inspectImage: (path) => inspectImage(path, log),
    maxFileBytes: config.maxFileBytes,
    log,
    close: () => s3?.close(),
  };
}
