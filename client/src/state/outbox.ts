import type { KeyValueStorage } from './ports';
import type { PendingMessage } from './types';

/**
 * Messages typed but not yet stored by the server, kept across reloads. Each has a clientId
 * chosen once, so sending it again after a lost response cannot store it twice.
 */
export class Outbox {
  private pending: PendingMessage[];

  constructor(
    private readonly storage: KeyValueStorage,
    private readonly key: string,
  ) {
    this.pending = readPending(storage, key);
  }

  all(): readonly PendingMessage[] {
    return this.pending;
  }

  forConversation(conversationId: string): PendingMessage[] {
    return this.pending.filter((p) => p.conversationId === conversationId);
  }

  /** Those worth sending (again): not refused by the server. */
  retryable(): PendingMessage[] {
    return this.pending.filter((p) => !p.error);
  }

  add(message: PendingMessage): void {
    this.pending = [...this.pending.filter((p) => p.clientId !== message.clientId), message];
    this.save();
  }

  /** The server stored it: it leaves the outbox (whichever way the confirmation came). */
  settle(clientId: string): boolean {
    const before = this.pending.length;
    this.pending = this.pending.filter((p) => p.clientId !== clientId);
    if (this.pending.length === before) return false;
    this.save();
    return true;
  }

  /** The server refused it (not a network failure): keep it visible with the reason, stop retrying. */
  refuse(clientId: string, { error, retryable }: { error: string; retryable: boolean }): void {
    this.pending = this.pending.map((p) => (p.clientId === clientId ? { ...p, error, retryable } : p));
    this.save();
  }

  /** A refused message the user asks to send again. */
  revive(clientId: string): void {
    this.pending = this.pending.map((p) => (p.clientId === clientId ? { ...p, error: undefined, retryable: undefined } : p));
    this.save();
  }

  private save(): void {
    try {
      this.storage.setItem(this.key, JSON.stringify(this.pending));
    } catch {
      // A full or blocked storage only loses persistence across reloads, not the send itself.
    }
  }
}

function readPending(storage: KeyValueStorage, key: string): PendingMessage[] {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(key) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter(isPendingMessage) : [];
  } catch {
    return [];
  }
}

function isPendingMessage(value: unknown): value is PendingMessage {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.clientId === 'string' && typeof v.conversationId === 'string' && typeof v.body === 'string' && typeof v.createdAt === 'string';
}

/** A random RFC 4122 v4 id; crypto.randomUUID is missing outside secure contexts (plain http on a LAN). */
export function newClientId(randomBytes: (n: number) => Uint8Array): string {
  const b = randomBytes(16);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
