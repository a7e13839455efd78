// Receiving sockets, opened from a ReceiverSpec alone, so a worker process can open them too:
// Charla's are graphql-ws clients subscribed to messageAdded as the browser is; the
// alternative's are plain WebSockets that joined the room. Each leaves from the next source address.
import { createClient, type Client } from 'graphql-ws';
import type WebSocket from 'ws';
import { boundWebSocket, sourceAddress } from './net';
import { clientOperation } from '@charla/stack';
import type { Closable, OnMessage, ReceiverSpec } from './system';

let messageAdded: string | undefined;

/** A graphql-ws client; resolves once the token was accepted (connection_ack). */
export function graphqlSocket(url: string, token: string, onClient?: (client: Client) => void): Promise<Client> {
  return new Promise<Client>((resolve, reject) => {
    const client = createClient({ url, webSocketImpl: boundWebSocket(sourceAddress()), connectionParams: { token }, lazy: false, retryAttempts: 0, onNonLazyError: () => undefined });
    onClient?.(client);
    const offs = [
      client.on('connected', () => (offs.forEach((off) => off()), resolve(client))),
      client.on('closed', (event) => (offs.forEach((off) => off()), reject(new Error(`socket closed (${(event as { code?: number }).code})`)))),
    ];
  });
}

async function charlaReceiver(spec: ReceiverSpec, token: string, onMessage: OnMessage): Promise<Closable> {
  messageAdded ??= clientOperation('MessageAdded');
  const client = await graphqlSocket(spec.url, token);
  client.subscribe<{ messageAdded: { seq: number; clientId: string | null; conversationId: string } }>(
    { query: messageAdded, variables: {} },
    {
      next: ({ data, errors }) => {
        if (errors) console.error(`receiver: ${JSON.stringify(errors)}`);
        const message = data?.messageAdded;
        if (message && message.conversationId === spec.room) onMessage(message.seq, message.clientId ?? '');
      },
      error: (error) => console.error('receiver: subscription failed:', error),
      complete: () => undefined,
    },
  );
  return { close: () => void client.dispose() };
}

export interface Frame {
  type: string;
  clientId?: string;
  error?: string;
  message?: { seq: number; clientId: string; room: number };
}

/** An alternative's socket; `join` sends the join first and resolves once joined. */
export function alternativeSocket(url: string, token: string, join: boolean, onFrame: (frame: Frame) => void): Promise<WebSocket> {
  return new Promise<WebSocket>((resolve, reject) => {
    const Bound = boundWebSocket(sourceAddress());
    const socket = new Bound(`${url}/?token=${token}`);
    socket.once('close', (code) => reject(new Error(`socket closed: ${code}`)));
    socket.once('error', reject);
    let joined = !join;
    socket.once('open', () => (join ? socket.send(JSON.stringify({ type: 'join', room: 'general' })) : resolve(socket)));
    socket.on('message', (data: Buffer) => {
      const frame = JSON.parse(data.toString()) as Frame;
      if (joined) return onFrame(frame);
      if (frame.type !== 'joined') return reject(new Error(`could not join: ${frame.error}`));
      joined = true;
      resolve(socket);
    });
  });
}

async function alternativeReceiver(spec: ReceiverSpec, token: string, onMessage: OnMessage): Promise<Closable> {
  const room = Number(spec.room);
  const socket = await alternativeSocket(spec.url, token, true, (frame) => {
    if (frame.type === 'message' && frame.message?.room === room) onMessage(frame.message.seq, frame.message.clientId);
  });
  return { close: () => socket.terminate() };
}

export function openReceiver(spec: ReceiverSpec, token: string, onMessage: OnMessage): Promise<Closable> {
  return spec.kind === 'charla' ? charlaReceiver(spec, token, onMessage) : alternativeReceiver(spec, token, onMessage);
}
