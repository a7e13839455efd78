import type { Attachment } from '@charla/proto/messages';
import type { FileUrls } from './signing';

/** An attachment as every door of the gateway shows it (the upload's 201, GraphQL's Attachment). */
export interface AttachmentJson {
  id: string;
  name: string;
  contentType: string;
  size: number;
  url: string;
  thumbnailUrl: string | null;
  width: number | null;
  height: number | null;
}

export function attachmentJson(attachment: Attachment, urls: FileUrls): AttachmentJson {
  return {
    id: String(attachment.id),
    name: attachment.name,
    contentType: attachment.contentType,
    size: attachment.size,
    url: urls.url(attachment.id, 'original'),
    thumbnailUrl: attachment.hasThumbnail ? urls.url(attachment.id, 'thumbnail') : null,
    width: attachment.width || null,
    height: attachment.height || null,
  };
}
