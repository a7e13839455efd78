import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';

/**
 * One write per socket per turn of the event loop, not one per frame. A write is a system call,
 * and on the hot path they were the gateway's biggest single cost: a mutation answers with two
 * frames (next, complete), and a burst of events reaches each subscriber as several frames. The
 * socket is corked at its first frame and uncorked once the loop has run what was ready
 * (setImmediate: after this round's I/O callbacks, so events read in one round share a write),
 * and every frame of the round leaves in one writev.
 */
export function coalesceWrites(socket: WebSocket): void {
  // ws keeps the TCP socket as _socket (it has no public accessor).
  const tcp = (socket as unknown as { _socket?: Socket })._socket;
  if (!tcp) return;
  let corked = false;
  const uncork = () => {
    corked = false;
    tcp.uncork();
  };
  const send = socket.send.bind(socket);
  socket.send = ((...args: Parameters<WebSocket['send']>) => {
    if (!corked && socket.readyState === socket.OPEN) {
      corked = true;
      tcp.cork();
      setImmediate(uncork);
    }
    return send(...args);
  }) as WebSocket['send'];
}
