import { resourceExhausted } from '@charla/platform';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { SNIFF_BYTES } from '../domain/content-type';

/** An upload received to a temporary file: its size, its first bytes (for sniffing), its path. */
export interface Spooled {
  path: string;
  size: number;
  head: Buffer;
  open(): Readable;
  discard(): Promise<void>;
}

/**
 * Receives an upload's chunks into a temporary file, one chunk in memory at a time: a chunk
 * is asked for only once the previous one is written, so a fast sender waits on the disk
 * (and, through HTTP/2 flow control, on us). Stops at `maxBytes` with RESOURCE_EXHAUSTED.
 */
export async function spool(chunks: AsyncIterable<Buffer>, folder: string, maxBytes: number): Promise<Spooled> {
  await mkdir(folder, { recursive: true });
  const path = join(folder, `${randomUUID()}.upload`);
  const file = createWriteStream(path, { flags: 'wx' });
  const discard = () => rm(path, { force: true });
  let size = 0;
  const head: Buffer[] = [];
  let headSize = 0;
  try {
    for await (const chunk of chunks) {
      size += chunk.length;
      if (size > maxBytes) throw resourceExhausted(`the file is larger than ${maxBytes} bytes`, 'FILE_TOO_LARGE');
      if (headSize < SNIFF_BYTES) {
        const part = chunk.subarray(0, SNIFF_BYTES - headSize);
        head.push(Buffer.from(part));
        headSize += part.length;
      }
      if (!file.write(chunk)) await once(file, 'drain');
    }
    file.end();
    await once(file, 'finish');
  } catch (error) {
    // Removed only once closed: a file still being opened would otherwise appear after the removal.
    if (!file.closed) await new Promise<void>((resolve) => file.destroy().once('close', () => resolve()));
    await discard();
    throw error;
  }
  return { path, size, head: Buffer.concat(head), open: () => createReadStream(path), discard };
}
