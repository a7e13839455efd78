import type { Attachment } from '@charla/proto/messages';
import type { FileUrls } from './signing';

/** Bytes as people read them: 980 B, 14 KB, 2.4 MB. */
export function readableSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/**
 * A message as plain text for doors that show only text (the support socket): the body,
 * then a line per file with its name, size and a signed link (a path on this gateway).
 */
export function textWithFileLinks(body: string, attachments: readonly Attachment[], urls: FileUrls): string {
  const lines = attachments.map((a) => `📎 ${a.name} (${readableSize(a.size)}): ${urls.url(a.id, 'original')}`);
  return [body, ...lines].filter((line) => line !== '').join('\n');
}
