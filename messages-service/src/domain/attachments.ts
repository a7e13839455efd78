import { failedPrecondition, invalidArgument } from '@charla/platform';
import type { Attachment } from './types';
import { messageBody } from './validation';

export const ATTACHMENT_LIMITS = {
  perMessage: 10,
  nameMax: 255,
  /** Bytes per chunk on the wire, both ways. */
  chunkMax: 64 * 1024,
  /** An upload nobody sent is removed after this long. */
  unsentTtlMs: 24 * 3_600_000,
  /** The long side of a thumbnail, in pixels. */
  thumbnailMax: 512,
} as const;

/**
 * The name a file is shown under: the last part of whatever path the uploader's system
 * sent, without control characters, at most 255 characters; "file" when nothing is left.
 */
export function uploadName(value: unknown): string {
  if (typeof value !== 'string') throw invalidArgument('name', 'must be a string');
  const last = value.split(/[/\\]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = last.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  const chars = [...clean];
  if (chars.length > ATTACHMENT_LIMITS.nameMax) throw invalidArgument('name', `must be at most ${ATTACHMENT_LIMITS.nameMax} characters`);
  return clean === '' || clean === '.' || clean === '..' ? 'file' : clean;
}

/** The ids a send names: at most 10, each a positive integer, none twice. */
export function attachmentIds(value: unknown): number[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalidArgument('attachment_ids', 'must be a list of ids');
  if (value.length > ATTACHMENT_LIMITS.perMessage) throw invalidArgument('attachment_ids', `at most ${ATTACHMENT_LIMITS.perMessage} files per message`);
  const ids = value.map((v, i) => {
    const id = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0) throw invalidArgument(`attachment_ids[${i}]`, 'must be a positive id');
    return id;
  });
  if (new Set(ids).size !== ids.length) throw invalidArgument('attachment_ids', 'names a file twice');
  return ids;
}

/** An upload as the send path sees it: the attachment, and the client id of the message it went with (if any). */
export interface UploadState {
  attachment: Attachment;
  /** The client id of the message it was sent with, '' when unsent or sent without one. */
  sentWithClientId: string;
}

/**
 * Only the sender's own unsent uploads in this conversation may go with a message. A retry
 * of a send (same client id) finds its uploads already sent with the first message: that is
 * no refusal, the retry returns the first message.
 */
export function checkAttachable(ids: number[], found: UploadState[], sender: { userId: number; conversationId: number; clientId: string }): void {
  ids.forEach((id, i) => {
    const upload = found.find((u) => u.attachment.id === id);
    const field = `attachment_ids[${i}]`;
    if (!upload || upload.attachment.uploaderId !== sender.userId || upload.attachment.conversationId !== sender.conversationId) {
      throw invalidArgument(field, 'is not an upload of yours in this conversation');
    }
    const isRetry = sender.clientId !== '' && upload.sentWithClientId === sender.clientId;
    if (upload.attachment.messageId !== 0 && !isRetry) throw failedPrecondition(`${field}: the file was already sent`, 'ATTACHMENT_ALREADY_SENT');
  });
}

/** A byte range of a file of `size` bytes, resolved as HTTP resolves one; undefined when it starts past the end. */
export function byteRange(size: number, request: { offset: number; length: number; suffixLength: number }): { offset: number; length: number } | undefined {
  const { offset, length, suffixLength } = request;
  for (const [field, value] of Object.entries({ offset, length, suffix_length: suffixLength })) {
    if (!Number.isSafeInteger(value) || value < 0) throw invalidArgument(field, 'must be a whole number of bytes, at least 0');
  }
  if (suffixLength > 0) {
    const take = Math.min(suffixLength, size);
    return { offset: size - take, length: take };
  }
  if (offset === 0 && length === 0) return { offset: 0, length: size };
  if (offset >= size) return undefined;
  return { offset, length: length === 0 ? size - offset : Math.min(length, size - offset) };
}

/** With files the body may be empty (a photo needs no words); without, it is the usual 1–4000 characters. */
export function bodyWithFiles(value: unknown, files: number[]): string {
  const blank = value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
  return files.length > 0 && blank ? '' : messageBody(value);
}
