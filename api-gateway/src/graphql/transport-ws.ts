import type { IncomingMessage } from 'node:http';
import { GraphQLError, type ExecutionResult } from 'graphql';
import { CloseCode, GRAPHQL_TRANSPORT_WS_PROTOCOL, MessageType, handleProtocols, parseMessage, type Disposable, type SubscribePayload } from 'graphql-ws';
import type { RawData, WebSocket, WebSocketServer } from 'ws';
import { openSubscriptions, type Logger } from '@charla/platform';
import { sendCorked } from './writes';

/**
 * The graphql-transport-ws protocol (graphql-ws's, message for message and close code for close
 * code, so its client works unchanged) served on `ws` sockets, lean enough for tens of thousands
 * of idle subscribers. graphql-ws's own server holds, for each subscription, the async frame of
 * the message that started it (the frame's Buffer and text, the parsed message, an emitter of
 * three closures, a `for await` with its promises) and, for each socket, an interval and a
 * timeout for the keep-alive ping: ~9 KiB of heap an idle socket here. This one keeps a socket's
 * state in one object and a subscription's in another, with listeners shared by every socket and
 * one keep-alive sweep for them all. What an operation means is the hooks' business.
 */

/** A subscription result as the fan-out hands it over: ready now, or once `onReady` calls back. */
export interface PendingResult {
  readonly value: ExecutionResult | undefined;
  onReady(ready: () => void): void;
}

/** Takes a subscription's results, in event order, then its end. */
export interface OperationSink {
  next(result: PendingResult): void;
  end(error?: unknown): void;
}

/** A running subscription: it starts handing results to a sink, and stops when told. */
export interface LiveResults {
  start(sink: OperationSink): void;
  stop(): void;
}

/** What a subscribe message came to: one result (next, then complete), a live stream, or errors before execution (error). */
export type Outcome = { result: ExecutionResult } | { stream: LiveResults; field: string } | { errors: readonly unknown[] };

export interface TransportHooks<S> {
  /** How long a socket may wait before its connection_init (then 4408). */
  connectionInitWaitMs: number;
  /** Each socket is pinged this often; one that has not answered the last ping by the next is terminated. */
  keepAliveMs: number;
  /** connection_init: the session the socket holds from now on, or undefined to refuse it (4403). A SocketClose closes with its code; any other throw is logged and closes the socket with 4500. */
  connect(socket: WebSocket, request: IncomingMessage, params: Record<string, unknown> | undefined): Promise<S | undefined>;
  /** The socket of an acknowledged session closed. */
  disconnected(session: S): void;
  /** A subscribe message of an acknowledged socket. A throw is logged and closes the socket with 4500. */
  operate(session: S, id: string, payload: SubscribePayload): Promise<Outcome>;
  /** A result as its next frame's payload (JSON). */
  serialize(result: ExecutionResult): string;
  /** Errors as an error frame's payload. */
  formatErrors(errors: readonly GraphQLError[]): unknown[];
  log: Logger;
}

/** Thrown by a hook to close the socket with this code and reason (an expected refusal: not logged as a failure). */
export class SocketClose extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** Keep-alive pings go out in this many slices of the interval, so 20,000 sockets are not pinged in one turn. */
const PING_SLICES = 12;

/** Serves graphql-transport-ws on `wss` until disposed. */
export function serveTransportWs<S>(wss: WebSocketServer, hooks: TransportHooks<S>): Disposable {
  const server = new TransportServer(hooks);
  wss.options.handleProtocols = handleProtocols;
  wss.on('error', (error) => hooks.log.error({ err: error }, 'the GraphQL socket server failed'));
  wss.on('connection', (socket: WebSocket, request: IncomingMessage) => server.open(socket, request));
  return {
    dispose: async () => {
      server.stop();
      for (const client of wss.clients) client.close(1001, 'Going away');
      wss.removeAllListeners();
      await new Promise<void>((resolve, reject) => wss.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

/** One socket's protocol state. */
class Connection<S> {
  /** The upgrade request, until connection_init (the hooks take what they keep of it). */
  request: IncomingMessage | undefined;
  initTimer: NodeJS.Timeout | undefined;
  initReceived = false;
  /** Set once acknowledged. */
  session: S | undefined;
  /** By id; null while the operation starts. Made at the first subscribe. */
  operations: Map<string, Operation<S> | null> | undefined;
  awaitingPong = false;

  constructor(
    readonly socket: WebSocket,
    request: IncomingMessage,
    /** Its slice of the keep-alive sweep. */
    readonly slice: number,
  ) {
    this.request = request;
  }

  close(code: number, reason: string): void {
    this.socket.close(code, reason);
  }
}

class TransportServer<S> {
  private readonly connections = new Map<WebSocket, Connection<S>>();
  private readonly slices = Array.from({ length: PING_SLICES }, () => new Set<Connection<S>>());
  private opened = 0;
  private swept = 0;
  private readonly sweeper: NodeJS.Timeout;
  /** Listeners every socket shares (`this` is the socket): none is made per socket. */
  private readonly listeners: {
    message: (this: WebSocket, data: RawData) => void;
    pong: (this: WebSocket) => void;
    close: (this: WebSocket) => void;
    error: (this: WebSocket, error: Error & { code?: string }) => void;
  };

  constructor(readonly hooks: TransportHooks<S>) {
    const server = this;
    this.listeners = {
      message(data) {
        server.message(this, data);
      },
      pong() {
        const connection = server.connections.get(this);
        if (connection) connection.awaitingPong = false;
      },
      close() {
        server.closed(this);
      },
      error(error) {
        // ws closes the socket itself (1009 for a frame over maxPayload, 1002 for a broken frame): the client's fault.
        if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') hooks.log.debug('closed a socket that sent a frame over the size limit');
        else hooks.log.debug({ err: error }, 'closed a socket that sent a bad frame');
      },
    };
    this.sweeper = setInterval(() => this.sweep(), Math.max(1, Math.round(hooks.keepAliveMs / PING_SLICES)));
    this.sweeper.unref();
  }

  open(socket: WebSocket, request: IncomingMessage): void {
    socket.on('error', this.listeners.error);
    if (socket.protocol !== GRAPHQL_TRANSPORT_WS_PROTOCOL) return socket.close(CloseCode.SubprotocolNotAcceptable, 'Subprotocol not acceptable');
    const connection = new Connection<S>(socket, request, this.opened++ % PING_SLICES);
    this.connections.set(socket, connection);
    this.slices[connection.slice].add(connection);
    const wait = this.hooks.connectionInitWaitMs;
    if (wait > 0 && Number.isFinite(wait)) connection.initTimer = setTimeout(initTimedOut, wait, connection);
    socket.on('message', this.listeners.message);
    socket.on('pong', this.listeners.pong);
    socket.on('close', this.listeners.close);
  }

  stop(): void {
    clearInterval(this.sweeper);
  }

  /** Sends a frame, if the socket is still open. */
  send(connection: Connection<S>, frame: string): void {
    if (connection.socket.readyState === connection.socket.OPEN) sendCorked(connection.socket, frame);
  }

  /** The next frame of an operation: its payload is JSON already (serialized once for everyone it goes to). */
  sendNext(connection: Connection<S>, id: string, payload: string): void {
    this.send(connection, `{"id":${JSON.stringify(id)},"type":"next","payload":${payload}}`);
  }

  /** An operation that ended by itself: the client hears complete, or the error that ended it. */
  finished(operation: Operation<S>, error: unknown): void {
    const { connection, id } = operation;
    if (connection.operations?.get(id) !== operation) return;
    connection.operations.delete(id);
    if (error === undefined) this.send(connection, JSON.stringify({ id, type: MessageType.Complete }));
    else this.send(connection, JSON.stringify({ id, type: MessageType.Error, payload: this.hooks.formatErrors([streamError(error)]) }));
  }

  private message(socket: WebSocket, data: RawData): void {
    const connection = this.connections.get(socket);
    if (!connection) return;
    let message: ReturnType<typeof parseMessage>;
    try {
      message = parseMessage(String(data));
    } catch {
      return connection.close(CloseCode.BadRequest, 'Invalid message received');
    }
    switch (message.type) {
      case MessageType.ConnectionInit: {
        if (connection.initReceived) return connection.close(CloseCode.TooManyInitialisationRequests, 'Too many initialisation requests');
        connection.initReceived = true;
        clearTimeout(connection.initTimer);
        connection.initTimer = undefined;
        const params = typeof message.payload === 'object' && message.payload !== null ? message.payload : undefined;
        void this.connect(connection, params);
        return;
      }
      case MessageType.Ping:
        return this.send(connection, JSON.stringify(message.payload ? { type: MessageType.Pong, payload: message.payload } : { type: MessageType.Pong }));
      case MessageType.Pong:
        return;
      case MessageType.Subscribe: {
        if (connection.session === undefined) return connection.close(CloseCode.Unauthorized, 'Unauthorized');
        const operations = (connection.operations ??= new Map());
        if (operations.has(message.id)) return connection.close(CloseCode.SubscriberAlreadyExists, `Subscriber for ${message.id} already exists`);
        operations.set(message.id, null);
        void this.operate(connection, connection.session, message.id, message.payload);
        return;
      }
      case MessageType.Complete: {
        const operation = connection.operations?.get(message.id);
        connection.operations?.delete(message.id);
        operation?.stop();
        return;
      }
      default:
        // connection_ack, next and error go from server to client only.
        return connection.close(CloseCode.BadRequest, `Unexpected message of type ${message.type} received`);
    }
  }

  private async connect(connection: Connection<S>, params: Record<string, unknown> | undefined): Promise<void> {
    const request = connection.request!;
    connection.request = undefined;
    let session: S | undefined;
    try {
      session = await this.hooks.connect(connection.socket, request, params);
    } catch (error) {
      if (error instanceof SocketClose) return connection.close(error.code, error.reason);
      this.hooks.log.error({ err: error }, 'a socket could not be authenticated');
      return connection.close(CloseCode.InternalServerError, 'Internal server error');
    }
    if (session === undefined) return connection.close(CloseCode.Forbidden, 'Forbidden');
    if (this.connections.get(connection.socket) !== connection) return this.hooks.disconnected(session);
    connection.session = session;
    this.send(connection, JSON.stringify({ type: MessageType.ConnectionAck }));
  }

  private async operate(connection: Connection<S>, session: S, id: string, payload: SubscribePayload): Promise<void> {
    let outcome: Outcome;
    try {
      outcome = await this.hooks.operate(session, id, payload);
    } catch (error) {
      this.hooks.log.error({ err: error }, 'a socket operation failed');
      return connection.close(CloseCode.InternalServerError, 'Internal server error');
    }
    // The client may have completed it, or closed the socket, meanwhile.
    const wanted = this.connections.get(connection.socket) === connection && connection.operations?.get(id) === null;
    if ('stream' in outcome) {
      if (!wanted) return outcome.stream.stop();
      const operation = new Operation(this, connection, id, outcome.field, outcome.stream);
      connection.operations!.set(id, operation);
      outcome.stream.start(operation);
      return;
    }
    if (!wanted) return;
    connection.operations!.delete(id);
    if ('errors' in outcome) return this.send(connection, JSON.stringify({ id, type: MessageType.Error, payload: outcome.errors }));
    this.sendNext(connection, id, this.hooks.serialize(outcome.result));
    this.send(connection, JSON.stringify({ id, type: MessageType.Complete }));
  }

  private closed(socket: WebSocket): void {
    const connection = this.connections.get(socket);
    if (!connection) return;
    this.connections.delete(socket);
    this.slices[connection.slice].delete(connection);
    clearTimeout(connection.initTimer);
    const operations = connection.operations;
    connection.operations = undefined;
    for (const operation of operations?.values() ?? []) operation?.stop();
    if (connection.session !== undefined) this.hooks.disconnected(connection.session);
  }

  /**
   * One slice of the sockets per tick: a socket still owing the pong of its last ping (a
   * keep-alive interval ago) is dead and terminated; the others are pinged. A peer that stops
   * answering is therefore closed one to two intervals later.
   */
  private sweep(): void {
    for (const connection of this.slices[this.swept++ % PING_SLICES]) {
      const { socket } = connection;
      if (connection.awaitingPong) socket.terminate();
      else if (socket.readyState === socket.OPEN) {
        connection.awaitingPong = true;
        socket.ping();
      }
    }
  }
}

function initTimedOut(connection: Connection<unknown>): void {
  if (!connection.initReceived) connection.close(CloseCode.ConnectionInitialisationTimeout, 'Connection initialisation timeout');
}

/** What a stream threw, as the GraphQL error its error frame carries. */
function streamError(error: unknown): GraphQLError {
  if (error instanceof GraphQLError) return error;
  const originalError = error instanceof Error ? error : new Error(String(error));
  return new GraphQLError(originalError.message, { originalError });
}

/**
 * One running subscription: its results are written in event order, each as soon as it and
 * those before it are ready; its end completes it once they are out. Counted while it runs.
 */
class Operation<S> implements OperationSink {
  /** Results due but not written yet (the head is not ready); made when first needed. */
  private pending: PendingResult[] | undefined;
  private flushLater: (() => void) | undefined;
  private ending: { error: unknown } | undefined;
  private running = true;

  constructor(
    private readonly server: TransportServer<S>,
    readonly connection: Connection<S>,
    readonly id: string,
    private readonly field: string,
    private readonly stream: LiveResults,
  ) {
    openSubscriptions.inc({ field });
  }

  next(result: PendingResult): void {
    if (!this.running) return;
    if (this.pending === undefined && result.value) return this.write(result.value);
    (this.pending ??= []).push(result);
    if (this.pending.length === 1) result.onReady(this.flusher());
  }

  end(error?: unknown): void {
    if (!this.running || this.ending) return;
    this.ending = { error };
    if (this.pending === undefined) this.finish();
  }

  /** The client completed it or the socket closed: no more frames. */
  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.pending = undefined;
    openSubscriptions.dec({ field: this.field });
    this.stream.stop();
  }

  private write(result: ExecutionResult): void {
    this.server.sendNext(this.connection, this.id, this.server.hooks.serialize(result));
  }

  private flusher(): () => void {
    return (this.flushLater ??= () => this.flush());
  }

  /** Writes the ready head of the queue, in order; waits for the first that is not ready yet. */
  private flush(): void {
    const pending = this.pending;
    if (!this.running || !pending) return;
    while (pending.length > 0 && pending[0].value) this.write(pending.shift()!.value!);
    if (pending.length > 0) return pending[0].onReady(this.flusher());
    this.pending = undefined;
    if (this.ending) this.finish();
  }

  private finish(): void {
    const error = this.ending?.error;
    this.stop();
    this.server.finished(this, error);
  }
}
