import { createLogger } from '@charla/platform';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { folderBlobStore } from '../src/blobs/folder';
import type { FilesPorts } from '../src/domain/files';
import { inspectImage } from '../src/files/images';
import { spool } from '../src/files/spool';

export interface TestFiles extends FilesPorts {
  folder: string;
  dispose(): Promise<void>;
}

/** The files ports over a fresh temporary folder: blobs under files/, uploads received under uploads/. */
export async function testFilesPorts(maxFileBytes = 2 * 1024 * 1024): Promise<TestFiles> {
  const folder = await mkdtemp(join(tmpdir(), 'charla-files-'));
  const log = createLogger('test', 'silent');
  return {
    folder,
    blobs: folderBlobStore(join(folder, 'files')),
    receive: (chunks, maxBytes) => spool(chunks, join(folder, 'uploads'), maxBytes),
    inspectImage: (path) => inspectImage(path, log),
    maxFileBytes,
    log,
    dispose: () => rm(folder, { recursive: true, force: true }),
  };
}
