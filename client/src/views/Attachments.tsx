import { useState } from 'preact/hooks';
import type { Chat } from '../state/chat';
import { readableSize, type Attachment, type PendingUpload } from '../state/uploads';
import { useStore } from './hooks';
import { Lightbox } from './Lightbox';
import './files.css';

const KINDS: Record<string, string> = { 'image/svg+xml': 'SVG', 'text/html': 'HTML', 'text/plain': 'TXT', 'application/pdf': 'PDF', 'audio/mpeg': 'MP3', 'video/quicktime': 'MOV' };

/** "PDF", "SVG", "ZIP": what kind of file it is by its bytes (the name may say otherwise). */
function kindOf(attachment: { name: string; contentType: string }): string {
  const known = KINDS[attachment.contentType];
  if (known) return known;
  const subtype = attachment.contentType.split('/')[1] ?? '';
  if (subtype && subtype !== 'octet-stream') return subtype.replace(/^x-/, '').slice(0, 5).toUpperCase();
  return /\.([a-z0-9]{1,5})$/i.exec(attachment.name)?.[1]?.toUpperCase() ?? 'FILE';
}

/** The longest side of an inline picture; the thumbnail itself is at most 512 px. */
const SHOWN_MAX = 280;

function shownSize(attachment: Attachment): { width?: number; height?: number } {
  if (!attachment.width || !attachment.height) return {};
  const scale = Math.min(1, SHOWN_MAX / Math.max(attachment.width, attachment.height));
  return { width: Math.round(attachment.width * scale), height: Math.round(attachment.height * scale) };
}

/** A message's files: pictures inline (a click opens them whole), anything else as a chip that downloads it. */
export function AttachmentList({ attachments }: { attachments: readonly Attachment[] }) {
  const [open, setOpen] = useState<Attachment | null>(null);
  if (attachments.length === 0) return null;
  return (
    <div class="attachments">
      {attachments.map((a) =>
        a.thumbnailUrl ? (
          <button key={a.id} type="button" class="attachment-image" data-attachment-id={a.id} onClick={() => setOpen(a)} aria-label={`Open ${a.name}`}>
            <img src={a.thumbnailUrl} alt={a.name} loading="lazy" {...shownSize(a)} />
          </button>
        ) : (
          <a key={a.id} class="attachment-chip" href={a.url} download={a.name} target="_blank" rel="noopener noreferrer" title={`${a.name} (${a.contentType})`}>
            <span class="attachment-kind" aria-hidden="true">
              {kindOf(a)}
            </span>
            <span class="attachment-name">{a.name}</span>
            <span class="attachment-size">
              {readableSize(a.size)} · {a.contentType}
            </span>
          </a>
        ),
      )}
      {open && <Lightbox attachment={open} onClose={() => setOpen(null)} />}
    </div>
  );
}

function UploadRow({ chat, upload }: { chat: Chat; upload: PendingUpload }) {
  const percent = Math.round(upload.progress * 100);
  return (
    <li class={`upload upload-${upload.state}`}>
      {upload.preview ? <img class="upload-preview" src={upload.preview} alt="" /> : <span class="attachment-kind">{kindOf({ name: upload.name, contentType: upload.type || 'file/file' })}</span>}
      <span class="upload-text">
        <span class="attachment-name">{upload.name}</span>
        {upload.state === 'failed' ? (
          <span class="upload-error" role="alert">
            {upload.error}
          </span>
        ) : (
          <progress max={100} value={percent} aria-label={`Uploading ${upload.name}`}>
            {percent}%
          </progress>
        )}
      </span>
      {upload.state === 'failed' && upload.retryable && (
        <button type="button" class="ghost small" onClick={() => chat.uploads.retry(upload.localId)}>
          Retry
        </button>
      )}
      <button
        type="button"
        class="ghost small"
        aria-label={upload.state === 'uploading' ? `Cancel ${upload.name}` : `Remove ${upload.name}`}
        onClick={() => (upload.state === 'uploading' ? chat.uploads.cancel(upload.localId) : chat.uploads.remove(upload.localId))}
      >
        {upload.state === 'uploading' ? 'Cancel' : 'Remove'}
      </button>
    </li>
  );
}

/** The files on their way into the next message of a conversation. */
export function UploadTray({ chat, conversationId }: { chat: Chat; conversationId: string }) {
  const uploads = useStore(chat.uploads.state, (all) => all[conversationId] ?? []);
  if (uploads.length === 0) return null;
  return (
    <ul class="upload-tray" aria-label="Files to send">
      {uploads.map((u) => (
        <UploadRow key={u.localId} chat={chat} upload={u} />
      ))}
    </ul>
  );
}

/** The paper-clip button: picks files to attach. */
export function AttachButton({ chat, conversationId }: { chat: Chat; conversationId: string }) {
  return (
    <label class="icon attach" title="Attach files">
      <span class="visually-hidden">Attach files</span>
      <input
        type="file"
        multiple
        class="visually-hidden"
        onChange={(e) => {
          const files = e.currentTarget.files;
          if (files?.length) chat.uploads.add(conversationId, [...files]);
          e.currentTarget.value = '';
        }}
      />
      <svg viewBox="0 0 24 24" aria-hidden="true">
        <path d="M16.5 6v11.5a4 4 0 0 1-8 0V5a2.5 2.5 0 0 1 5 0v10.5a1 1 0 0 1-2 0V6H10v9.5a2.5 2.5 0 0 0 5 0V5a4 4 0 0 0-8 0v12.5a5.5 5.5 0 0 0 11 0V6z" />
      </svg>
    </label>
  );
}

/** Files dropped on, or images pasted into, a conversation go into its next message. */
export function filesFrom(data: DataTransfer | null): File[] {
  if (!data) return [];
  if (data.files.length > 0) return [...data.files];
  return [...data.items].filter((item) => item.kind === 'file').flatMap((item) => item.getAsFile() ?? []);
}
