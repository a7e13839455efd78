import type { ServerProcess } from '@charla/stack';

/** Called by a receiver socket for each message of the room it gets, as soon as it is parsed. */
export type Deliver = (receiver: number, seq: number, clientId: string) => void;

/** One sending user; resolves with the stored message's seq once the server acknowledged it. */
export interface Sender {
  send(clientId: string, body: string): Promise<number>;
}

/** A running chat server (one or more processes) with its users created and in one room. */
export interface FanoutTarget {
  name: string;
  /** What the numbers mean for this system (transport, settings), printed with them. */
  notes: string[];
  processes: ServerProcess[];
  /** Opens the receivers' sockets, each subscribed to the room; resolves once all are open. */
  openReceivers(deliver: Deliver): Promise<void>;
  openSenders(): Promise<Sender[]>;
  /** Closes the sockets, stops the processes, drops the databases. */
  stop(): Promise<void>;
}

export interface FanoutParams {
  receivers: number;
  senders: number;
  /** Messages in the measured phase, all senders together. */
  messages: number;
  /** Sends each sender keeps in flight (closed loop, when rate is 0). */
  inFlight: number;
  /** Messages per second started on a fixed schedule whatever is in flight (open loop); 0: closed loop. */
  rate: number;
  /** Messages sent (and checked) before measuring, to open the pipes and warm the JIT. */
  warmup: number;
  bodyBytes: number;
  /** No new send starts after this long; the run then counts the messages sent so far. */
  maxSendSeconds: number;
  /** A send still failing (and being retried) this long after it started fails the run. */
  giveUpSeconds: number;
  /** Give up when no delivery arrived for this long. */
  idleTimeoutMs: number;
}
