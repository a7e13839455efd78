import type { AttachmentFieldsFragment } from '../api/generated';
import { createStore, type Store } from './store';

export type Attachment = AttachmentFieldsFragment;

/** The part of a browser File an upload needs (tests give plain objects). */
export interface FileLike {
  name: string;
  size: number;
  type: string;
}

/** An upload's refusal or failure: `retryable` when sending the same file again may work. */
export class UploadError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    /** The session is over (401): the chat signs out. */
    readonly unauthorized = false,
  ) {
    super(message);
    this.name = 'UploadError';
  }
}

/** Sends one file, reporting progress; `cancel` aborts it (the promise then rejects with an UploadError). */
export type UploadFile = (conversationId: string, file: FileLike, progress: (sent: number, total: number) => void) => { done: Promise<Attachment>; cancel(): void };

export interface PendingUpload {
  localId: string;
  conversationId: string;
  name: string;
  size: number;
  type: string;
  /** 0…1 of the bytes sent. */
  progress: number;
  state: 'uploading' | 'done' | 'failed';
  error?: string;
  retryable?: boolean;
  /** Set once the server stored it: what the message will carry. */
  attachment?: Attachment;
  /** A local picture of an image while it uploads (an object URL in the browser). */
  preview?: string;
}

export interface UploadsDeps {
  upload: UploadFile;
  maxFileBytes: number;
  newId(): string;
  /** A local preview for an image file; undefined for others. */
  preview?(file: FileLike): string | undefined;
  /** Frees a preview once it is no longer shown. */
  release?(preview: string): void;
  unauthorized(): void;
}

export const FILES_PER_MESSAGE = 10;

/** Bytes as people read them: 980 B, 14 KB, 2.4 MB. */
export function readableSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/**
 * Files being attached to the next message of each conversation: uploaded at once (over
 * HTTP, apart from the live socket, so a reconnect does not touch them), each with its
 * progress, cancel and retry; a failed one says why. Sending takes the finished ones.
 */
export class Uploads {
  readonly state: Store<Record<string, PendingUpload[]>> = createStore({});
  private readonly running = new Map<string, { file: FileLike; cancel(): void }>();

  constructor(private readonly deps: UploadsDeps) {}

  /** Starts uploading the files; those over the size or count limits fail at once, saying so. */
  add(conversationId: string, files: readonly FileLike[]): void {
    for (const file of files) {
      const localId = this.deps.newId();
      const base: PendingUpload = { localId, conversationId, name: file.name || 'file', size: file.size, type: file.type, progress: 0, state: 'uploading', preview: this.deps.preview?.(file) };
      if (this.of(conversationId).length >= FILES_PER_MESSAGE) {
        this.put({ ...base, state: 'failed', error: `At most ${FILES_PER_MESSAGE} files per message.`, retryable: false });
      } else if (file.size > this.deps.maxFileBytes) {
        this.put({ ...base, state: 'failed', error: `Larger than ${readableSize(this.deps.maxFileBytes)}.`, retryable: false });
      } else {
        this.put(base);
        this.start(localId, file);
      }
    }
  }

  cancel(localId: string): void {
    this.running.get(localId)?.cancel();
    this.running.delete(localId);
    this.remove(localId);
  }

  retry(localId: string): void {
    const upload = this.find(localId);
    const file = this.files.get(localId);
    if (!upload || !file) return;
    this.change(localId, { state: 'uploading', progress: 0, error: undefined });
    this.start(localId, file);
  }

  remove(localId: string): void {
    const upload = this.find(localId);
    if (!upload) return;
    this.running.get(localId)?.cancel();
    this.running.delete(localId);
    this.files.delete(localId);
    if (upload.preview) this.deps.release?.(upload.preview);
    this.state.update((all) => ({ ...all, [upload.conversationId]: this.of(upload.conversationId).filter((u) => u.localId !== localId) }));
  }

  of(conversationId: string): PendingUpload[] {
    return this.state.get()[conversationId] ?? [];
  }

  /** What the next message carries, and whether some file is still on its way. */
  ready(conversationId: string): { attachmentIds: string[]; uploading: boolean } {
    const uploads = this.of(conversationId);
    return { attachmentIds: uploads.flatMap((u) => (u.state === 'done' && u.attachment ? [u.attachment.id] : [])), uploading: uploads.some((u) => u.state === 'uploading') };
  }

  /** The message went out with the finished files: they leave the tray (failed ones stay, to retry or remove). */
  sent(conversationId: string): void {
    for (const upload of this.of(conversationId)) if (upload.state === 'done') this.remove(upload.localId);
  }

  /** Files kept for retries: the File object itself is only in memory. */
  private readonly files = new Map<string, FileLike>();

  private start(localId: string, file: FileLike): void {
    const upload = this.find(localId)!;
    this.files.set(localId, file);
    const call = this.deps.upload(upload.conversationId, file, (sent, total) => this.change(localId, { progress: total > 0 ? sent / total : 0 }));
    this.running.set(localId, { file, cancel: call.cancel });
    call.done.then(
      (attachment) => {
        this.running.delete(localId);
        this.change(localId, { state: 'done', progress: 1, attachment });
      },
      (error: unknown) => {
        this.running.delete(localId);
        if (!this.find(localId)) return; // cancelled
        const failure = error instanceof UploadError ? error : new UploadError('Upload failed.', true);
        if (failure.unauthorized) this.deps.unauthorized();
        this.change(localId, { state: 'failed', error: failure.message, retryable: failure.retryable });
      },
    );
  }

  private find(localId: string): PendingUpload | undefined {
    return Object.values(this.state.get()).flat().find((u) => u.localId === localId);
  }

  private put(upload: PendingUpload): void {
    this.state.update((all) => ({ ...all, [upload.conversationId]: [...(all[upload.conversationId] ?? []), upload] }));
  }

  private change(localId: string, change: Partial<PendingUpload>): void {
    const upload = this.find(localId);
    if (!upload) return;
    this.state.update((all) => ({ ...all, [upload.conversationId]: this.of(upload.conversationId).map((u) => (u.localId === localId ? { ...u, ...change } : u)) }));
  }
}
