import { failedPrecondition, invalidArgument, notFound, resourceExhausted, type Logger } from '@charla/platform';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { BlobStore } from '../blobs/blob-store';
import { shown, type AttachmentStore, type StoredAttachment } from '../store/attachments';
import type { ConversationStore } from '../store/store';
import { accessOf } from './access';
import { ATTACHMENT_LIMITS, byteRange, checkAttachable, uploadName } from './attachments';
import { requireUser } from './callers';
import { RASTER_IMAGES, sniffContentType } from './content-type';
import type { Attachment, Caller, UserCaller } from './types';
import * as valid from './validation';

/** One frame of an upload: the metadata first, then chunks. */
export interface UploadFrame {
  metadata?: { conversationId: unknown; name: unknown; declaredSize: unknown };
  chunk?: Buffer;
}

/** An upload received to a temporary place (files/spool.ts). */
export interface ReceivedUpload {
  size: number;
  /** The first bytes, for sniffing. */
  head: Buffer;
  path: string;
  open(): Readable;
  discard(): Promise<void>;
}

/** What the files use cases need besides the store. */
export interface FilesPorts {
  blobs: BlobStore;
  /** Receives chunks to a temporary file, failing with RESOURCE_EXHAUSTED past maxBytes. */
  receive(chunks: AsyncIterable<Buffer>, maxBytes: number): Promise<ReceivedUpload>;
  /** An image's shown size and thumbnail; undefined when the bytes do not decode. */
  inspectImage(path: string): Promise<{ width: number; height: number; thumbnail: Buffer } | undefined>;
  maxFileBytes: number;
  log: Logger;
}

export type Variant = 'original' | 'thumbnail';

export interface DownloadRequest {
  attachmentId: unknown;
  variant: Variant;
  offset: number;
  length: number;
  suffixLength: number;
}

export interface Download {
  attachment: Attachment;
  contentType: string;
  totalSize: number;
  offset: number;
  length: number;
  bytes: Readable;
}

const blobKeys = (a: StoredAttachment) => [a.blobKey, ...(a.thumbnailKey ? [a.thumbnailKey] : [])];

/** The files use cases: uploading, downloading, and removing what nobody sent or what was deleted. */
export class Files {
  private sweeping: Promise<void> | undefined;
  private sweepAgain = false;

  constructor(
    private readonly store: AttachmentStore & ConversationStore,
    private readonly ports: FilesPorts,
  ) {}

  /**
   * Receives an upload (metadata, then chunks) into the blob store and records it, unsent.
   * The caller must be able to write in the conversation; anyone else learns nothing of it.
   */
  async upload(caller: Caller, frames: AsyncIterable<UploadFrame>): Promise<Attachment> {
    const me = requireUser(caller);
    const reader = frames[Symbol.asyncIterator]();
    const first = await reader.next();
    if (first.done || !first.value.metadata) throw invalidArgument('metadata', 'the first frame must be the upload metadata');
    const { metadata } = first.value;
    const conversationId = valid.id(metadata.conversationId, 'metadata.conversation_id');
    const name = uploadName(metadata.name);
    const declared = valid.seq(metadata.declaredSize, 'metadata.declared_size');
    if (declared > this.ports.maxFileBytes) throw resourceExhausted(`the file is larger than ${this.ports.maxFileBytes} bytes`, 'FILE_TOO_LARGE');
    await this.writable(me, conversationId);

    async function* chunks(): AsyncGenerator<Buffer> {
      for (;;) {
        const next = await reader.next();
        if (next.done) return;
        if (next.value.metadata) throw invalidArgument('metadata', 'only the first frame carries metadata');
        const chunk = next.value.chunk;
        if (!chunk || chunk.length === 0) continue;
        if (chunk.length > ATTACHMENT_LIMITS.chunkMax) throw invalidArgument('chunk', `must be at most ${ATTACHMENT_LIMITS.chunkMax} bytes`);
        yield chunk;
      }
    }
    const received = await this.ports.receive(chunks(), declared > 0 ? declared : this.ports.maxFileBytes);
    try {
      if (declared > 0 && received.size !== declared) throw invalidArgument('metadata.declared_size', `says ${declared} bytes, ${received.size} arrived`);
      return await this.keep(me, conversationId, name, received);
    } finally {
      await received.discard();
    }
  }

  /** The file (or its thumbnail, or a range of either) for a member of its conversation, or a gateway serving a URL it signed. */
  async download(caller: Caller, request: DownloadRequest): Promise<Download> {
    const id = valid.id(request.attachmentId, 'attachment_id');
    const attachment = await this.store.getAttachment(id);
    if (!attachment || !(await this.mayRead(caller, attachment))) throw notFound('attachment', 'ATTACHMENT_NOT_FOUND');
    const key = request.variant === 'thumbnail' ? attachment.thumbnailKey : attachment.blobKey;
    if (!key) throw notFound('thumbnail', 'THUMBNAIL_NOT_FOUND');
    const contentType = request.variant === 'thumbnail' ? 'image/webp' : attachment.contentType;
    const totalSize = request.variant === 'thumbnail' ? attachment.thumbnailSize : attachment.size;
    const range = byteRange(totalSize, request);
    if (!range) throw failedPrecondition(`the range starts past the end of the file (${totalSize} bytes)`, 'RANGE_NOT_SATISFIABLE');
    const whole = range.offset === 0 && range.length === totalSize;
    const bytes = await this.ports.blobs.get(key, whole ? undefined : range);
    return { attachment: shown(attachment), contentType, totalSize, ...range, bytes };
  }

  /**
   * Removes uploads nobody sent within a day and the files of deleted messages: the row
   * first (an upload a send claims meanwhile is kept), then its bytes. Returns how many.
   */
  async sweep(now: Date): Promise<number> {
    let removed = 0;
    for (;;) {
      const due = await this.store.attachmentsToSweep(new Date(now.getTime() - ATTACHMENT_LIMITS.unsentTtlMs), 100);
      let progress = 0;
      for (const attachment of due) {
        if (!(await this.store.forgetAttachment(attachment.id))) continue;
        progress++;
        await this.ports.blobs.delete(blobKeys(attachment)).catch((error: unknown) => {
          // The row is gone: these bytes are unreachable and only take room.
          this.ports.log.warn({ err: error, keys: blobKeys(attachment) }, 'could not delete the bytes of a removed attachment');
        });
      }
      removed += progress;
      if (due.length < 100 || progress === 0) return removed;
    }
  }

  /** Uploading is writing: members, and staff in support conversations. Rooms included, an outsider gets NOT_FOUND. */
  /** Sweeps now in the background (once at a time; a call meanwhile sweeps again after). */
  sweepSoon(): void {
    if (this.sweeping) {
      this.sweepAgain = true;
      return;
    }
    this.sweeping = this.sweep(new Date())
      .then(
        () => undefined,
        (error: unknown) => this.ports.log.warn({ err: error }, 'sweeping attachments failed'),
      )
      .finally(() => {
        this.sweeping = undefined;
        if (this.sweepAgain) {
          this.sweepAgain = false;
          this.sweepSoon();
        }
      });
  }

  /** Resolves once the background sweep (if any) is done. */
  async swept(): Promise<void> {
    while (this.sweeping) await this.sweeping;
  }

  private async writable(me: UserCaller, conversationId: number): Promise<void> {
    const found = await this.store.conversationOf(conversationId, me.user.id);
    if (!found || accessOf(me, found.conversation, found.membership) === 'none') throw notFound('conversation', 'CONVERSATION_NOT_FOUND');
  }

  private async mayRead(caller: Caller, attachment: StoredAttachment): Promise<boolean> {
    if (caller.kind === 'service') return true;
    // Until it is sent, an upload is its uploader's alone.
    if (attachment.messageId === 0) return attachment.uploaderId === caller.user.id;
    const found = await this.store.conversationOf(attachment.conversationId, caller.user.id);
    return found !== undefined && accessOf(caller, found.conversation, found.membership) !== 'none';
  }

  /** Sniffs, makes the thumbnail, stores the bytes and records the upload; no bytes stay behind if that fails. */
  private async keep(me: UserCaller, conversationId: number, name: string, received: ReceivedUpload): Promise<Attachment> {
    const contentType = sniffContentType(received.head);
    const image = RASTER_IMAGES.has(contentType) ? await this.ports.inspectImage(received.path) : undefined;
    const base = randomUUID();
    const blobKey = `${base}/original`;
    const thumbnailKey = image ? `${base}/thumbnail` : undefined;
    const written: string[] = [];
    try {
      await this.ports.blobs.put(blobKey, received.open(), received.size);
      written.push(blobKey);
      if (image && thumbnailKey) {
        await this.ports.blobs.put(thumbnailKey, Readable.from([image.thumbnail]), image.thumbnail.length);
        written.push(thumbnailKey);
      }
      return await this.store.addAttachment({
        conversationId,
        uploaderId: me.user.id,
        name,
        contentType,
        size: received.size,
        width: image?.width ?? 0,
        height: image?.height ?? 0,
        blobKey,
        thumbnailKey,
        thumbnailSize: image?.thumbnail.length ?? 0,
      });
    } catch (error) {
      await this.ports.blobs.delete(written).catch((cleanup: unknown) => this.ports.log.warn({ err: cleanup, keys: written }, 'could not delete the bytes of a failed upload'));
      throw error;
    }
  }
}


/** A send's files, checked before its transaction (which claims them again, so a race loses there). */
export async function checkUploads(store: AttachmentStore, sender: { userId: number; conversationId: number; clientId: string }, ids: number[]): Promise<void> {
  if (ids.length > 0) checkAttachable(ids, await store.uploadStates(ids), sender);
}
