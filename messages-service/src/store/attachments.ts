import { failedPrecondition, fromDbTime, toDbTime } from '@charla/platform';
import type { Kysely, Selectable } from 'kysely';
import type { UploadState } from '../domain/attachments';
import type { Attachment, Message } from '../domain/types';
import type { ChatStoreContext, Trx } from './rows';
import type { MessagesSchema } from './schema';

type AttachmentRow = Selectable<MessagesSchema['attachments']>;

/** An attachment with where its bytes are. */
export interface StoredAttachment extends Attachment {
  blobKey: string;
  thumbnailKey: string | undefined;
  thumbnailSize: number;
}

/** An upload as it is recorded (unsent, no id yet). */
export type NewAttachment = Omit<StoredAttachment, 'id' | 'messageId' | 'createdAt' | 'hasThumbnail'>;

export interface AttachmentStore {
  /** Stores an unsent upload. */
  addAttachment(input: NewAttachment): Promise<Attachment>;
  /** The attachment and its blob keys; undefined when none (or removed with its message). */
  getAttachment(id: number): Promise<StoredAttachment | undefined>;
  /** The named uploads as the send path checks them. */
  uploadStates(ids: number[]): Promise<UploadState[]>;
  /** Uploads nobody sent since before `cutoff`, and files of deleted messages: what the sweeper removes. */
  attachmentsToSweep(cutoff: Date, limit: number): Promise<StoredAttachment[]>;
  /**
   * Forgets a swept attachment before its bytes go: a removed one, or an unsent one only if
   * it is still unsent (a send that claimed it meanwhile keeps it). False when it was kept.
   */
  forgetAttachment(id: number): Promise<boolean>;
}

export function toAttachment(row: AttachmentRow): StoredAttachment {
  return {
    id: Number(row.id),
    conversationId: Number(row.conversation_id),
    uploaderId: Number(row.uploader_id),
    name: row.name,
    contentType: row.content_type,
    size: Number(row.size),
    width: Number(row.width),
    height: Number(row.height),
    hasThumbnail: row.thumbnail_key !== null,
    messageId: row.message_id === null ? 0 : Number(row.message_id),
    createdAt: fromDbTime(row.created_at) ?? new Date(0),
    blobKey: row.blob_key,
    thumbnailKey: row.thumbnail_key ?? undefined,
    thumbnailSize: Number(row.thumbnail_size),
  };
}

/** What a client sees of an attachment (no storage keys). */
export const shown = ({ blobKey: _blob, thumbnailKey: _thumbnail, thumbnailSize: _size, ...attachment }: StoredAttachment): Attachment => attachment;

/** The messages with their files, in one query for the whole page. */
export async function withAttachments(db: Kysely<MessagesSchema>, messages: Message[]): Promise<Message[]> {
  const ids = messages.filter((m) => !m.deletedAt).map((m) => m.id);
  if (ids.length === 0) return messages;
  const rows = await db
    .selectFrom('attachments')
    .selectAll()
    .where('message_id', 'in', ids)
    .where('removed_at', 'is', null)
    .orderBy('message_id')
    .orderBy('position')
    .execute();
  const byMessage = new Map<number, Attachment[]>();
  for (const row of rows) {
    const list = byMessage.get(Number(row.message_id)) ?? [];
    list.push(shown(toAttachment(row)));
    byMessage.set(Number(row.message_id), list);
  }
  return messages.map((m) => (byMessage.has(m.id) ? { ...m, attachments: byMessage.get(m.id)! } : m));
}

/**
 * Sends the uploads with a just-stored message, in the send's transaction: only the author's
 * own, in this conversation, still unsent (a concurrent send of the same upload loses here).
 */
export async function claimAttachments(trx: Trx, message: Message, ids: number[]): Promise<Attachment[]> {
  if (ids.length === 0) return [];
  for (const [position, id] of ids.entries()) {
    const claimed = await trx
      .updateTable('attachments')
      .set({ message_id: message.id, position })
      .where('id', '=', id)
      .where('uploader_id', '=', message.authorId)
      .where('conversation_id', '=', message.conversationId)
      .where('message_id', 'is', null)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) throw failedPrecondition(`attachment_ids[${position}]: the file is no longer an unsent upload of yours`, 'ATTACHMENT_UNAVAILABLE');
  }
  const rows = await trx.selectFrom('attachments').selectAll().where('message_id', '=', message.id).orderBy('position').execute();
  return rows.map((row) => shown(toAttachment(row)));
}

/** A deleted message's files leave with it; the sweeper removes their bytes after commit. */
export async function removeAttachmentsOf(trx: Trx, messageId: number, at: string): Promise<number> {
  const result = await trx.updateTable('attachments').set({ removed_at: at }).where('message_id', '=', messageId).where('removed_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export function attachmentStore({ db }: ChatStoreContext): AttachmentStore {
  return {
    async addAttachment(input) {
      const row = {
        conversation_id: input.conversationId,
        uploader_id: input.uploaderId,
        message_id: null,
        position: 0,
        name: input.name,
        content_type: input.contentType,
        size: input.size,
        width: input.width,
        height: input.height,
        blob_key: input.blobKey,
        thumbnail_key: input.thumbnailKey ?? null,
        thumbnail_size: input.thumbnailSize,
        created_at: toDbTime(new Date()),
        removed_at: null,
      };
      const inserted = await db.insertInto('attachments').values(row).executeTakeFirstOrThrow();
      const stored = await db.selectFrom('attachments').selectAll().where('id', '=', Number(inserted.insertId)).executeTakeFirstOrThrow();
      return shown(toAttachment(stored));
    },

    async getAttachment(id) {
      const row = await db.selectFrom('attachments').selectAll().where('id', '=', id).where('removed_at', 'is', null).executeTakeFirst();
      return row && toAttachment(row);
    },

    async uploadStates(ids) {
      if (ids.length === 0) return [];
      const rows = await db
        .selectFrom('attachments as a')
        .leftJoin('messages as m', 'm.id', 'a.message_id')
        .selectAll('a')
        .select('m.client_id as sent_with_client_id')
        .where('a.id', 'in', ids)
        .where('a.removed_at', 'is', null)
        .execute();
      return rows.map((row) => ({ attachment: shown(toAttachment(row)), sentWithClientId: row.sent_with_client_id ?? '' }));
    },

    async attachmentsToSweep(cutoff, limit) {
      const removed = await db.selectFrom('attachments').selectAll().where('removed_at', 'is not', null).limit(limit).execute();
      const unsent = await db
        .selectFrom('attachments')
        .selectAll()
        .where('message_id', 'is', null)
        .where('created_at', '<', toDbTime(cutoff))
        .limit(Math.max(0, limit - removed.length))
        .execute();
      return [...removed, ...unsent].map(toAttachment);
    },

    async forgetAttachment(id) {
      const result = await db
        .deleteFrom('attachments')
        .where('id', '=', id)
        .where((eb) => eb.or([eb('removed_at', 'is not', null), eb('message_id', 'is', null)]))
        .executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    },
  };
}
