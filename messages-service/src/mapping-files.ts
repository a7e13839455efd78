import * as pb from '@charla/proto/messages';
import type { Readable } from 'node:stream';
import { ATTACHMENT_LIMITS } from './domain/attachments';
import type { Download, UploadFrame, Variant } from './domain/files';
import type { SearchHit } from './domain/message-search';
import type { Attachment } from './domain/types';
import { toPbMessage } from './mapping';

/** Files and search, domain ↔ proto, for both doors. */

export function toPbAttachment(attachment: Attachment): pb.Attachment {
  return { ...attachment };
}

export function toPbSearchHit(hit: SearchHit): pb.SearchHit {
  return { message: toPbMessage(hit.message), snippet: hit.snippet, cursor: hit.cursor };
}

export function variantFromPb(variant: pb.AttachmentVariant): Variant {
  return variant === pb.AttachmentVariant.ATTACHMENT_VARIANT_THUMBNAIL ? 'thumbnail' : 'original';
}

export async function* uploadFramesFromPb(requests: AsyncIterable<pb.UploadAttachmentRequest>): AsyncGenerator<UploadFrame> {
  for await (const request of requests) yield { metadata: request.metadata, chunk: request.chunk };
}

/** The bytes cut to chunks of at most 64 KiB, however the blob store delivers them. */
export async function* chunksOf(bytes: Readable): AsyncGenerator<Buffer> {
  for await (const piece of bytes) {
    const buffer = Buffer.isBuffer(piece) ? piece : Buffer.from(piece as Uint8Array);
    for (let at = 0; at < buffer.length; at += ATTACHMENT_LIMITS.chunkMax) yield buffer.subarray(at, at + ATTACHMENT_LIMITS.chunkMax);
  }
}

export function downloadMetadataToPb(download: Download): pb.DownloadMetadata {
  return {
    attachment: toPbAttachment(download.attachment),
    contentType: download.contentType,
    totalSize: download.totalSize,
    offset: download.offset,
    length: download.length,
  };
}
