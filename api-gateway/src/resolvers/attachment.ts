import { invalidArgument } from '@charla/platform';
import type { AttachmentResolvers } from '../graphql/generated';
import { parseId } from './values';

/** A message carries its attachments (loaded with its page by messages-service); only the URLs are the gateway's. */
export const attachmentResolvers: AttachmentResolvers = {
  id: (attachment) => String(attachment.id),
  url: (attachment, _args, ctx) => ctx.gateway.fileUrls.url(attachment.id, 'original'),
  thumbnailUrl: (attachment, _args, ctx) => (attachment.hasThumbnail ? ctx.gateway.fileUrls.url(attachment.id, 'thumbnail') : null),
  width: (attachment) => attachment.width || null,
  height: (attachment) => attachment.height || null,
};

/** sendMessage's attachmentIds: ids of uploads, at most 10 (messages-service checks whose they are). */
export function parseAttachmentIds(ids: readonly string[] | null | undefined): number[] {
  if (!ids) return [];
  if (ids.length > 10) throw invalidArgument('attachmentIds', 'at most 10 files per message');
  return ids.map((id, i) => parseId(id, `attachmentIds[${i}]`));
}
