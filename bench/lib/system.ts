// What a scenario drives: a running chat system (Charla, or the one-process alternative) with
// its users made and all of them in one room.
import type { ServerProcess } from '@charla/stack';

export type SystemName = 'charla' | 'alternative';

/** How a sender sends: over its own socket, or one HTTP request per message. */
export type Transport = 'ws' | 'http';

export interface BenchUser {
  username: string;
  token: string;
}

/** Called by a receiving socket for each message of the room, as soon as it is parsed. */
export type OnMessage = (seq: number, clientId: string) => void;

/** What became of a send that was not acknowledged. */
export type Refusal = 'refused' | 'unavailable' | 'failed';

/** A send the server did not acknowledge: `kind` says whether it was the typed, retryable refusal. */
export class SendError extends Error {
  constructor(
    readonly kind: Refusal,
    /** The code the server gave (GraphQL extensions.code, the alternative's error text). */
    readonly code: string,
    message: string,
    /** The retry hint of a refusal (extensions.retryAfterMs, Retry-After). */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** SERVICE_UNAVAILABLE and its kin are what the issue says must never happen; TOO_MANY_REQUESTS is the typed refusal. */
export function sendErrorOf(code: string, message: string, retryAfterMs?: number): SendError {
  if (code === 'TOO_MANY_REQUESTS' || code === 'RESOURCE_EXHAUSTED') return new SendError('refused', code, message, retryAfterMs);
  if (code === 'SERVICE_UNAVAILABLE' || code === 'UNAVAILABLE' || code === 'DEADLINE_EXCEEDED') return new SendError('unavailable', code, message, retryAfterMs);
  return new SendError('failed', code, message, retryAfterMs);
}

export interface Sender {
  /** Resolves with the stored message's seq once acknowledged; rejects with a SendError. */
  send(clientId: string, body: string): Promise<number>;
}

export interface Closable {
  close(): void;
}

/** Where and how a receiving socket connects: enough for another process to open one (bench/lib/sockets.ts). */
export interface ReceiverSpec {
  kind: SystemName;
  /** Charla: the gateway's ws://…/graphql; the alternative: its ws://host:port. */
  url: string;
  /** The room's id, as the system names it. */
  room: string;
}

export interface System {
  name: SystemName;
  /** What the numbers mean for this system (processes, settings), printed with them. */
  notes: string[];
  processes: ServerProcess[];
  /** The process whose memory an idle socket costs (Charla's gateway, the alternative's one process). */
  socketServer: ServerProcess;
  users: BenchUser[];
  /** The transports its senders can use. */
  transports: Transport[];
  /** A socket of this user, receiving the room's messages (Charla: graphql-ws messageAdded). */
  receiver(user: BenchUser, onMessage: OnMessage): Promise<Closable>;
  receiverSpec: ReceiverSpec;
  sender(user: BenchUser, over: Transport): Promise<Sender & Partial<Closable>>;
  /** The room's last stored seq, from the server. */
  lastSeq(): Promise<number>;
  /** A second room with `count` old messages, written straight into the database; resolves with a reader of its newest page. */
  history(count: number): Promise<HistoryReader>;
  stop(): Promise<void>;
}

/** Reads the newest `pageSize` messages of the history room as `user`; resolves with how many came back. */
export type HistoryReader = (user: BenchUser, pageSize: number) => Promise<number>;
