import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';

/**
 * One write per socket per turn of the event loop, not one per frame. A write is a system call,
 * and on the hot path they were the gateway's biggest single cost: a mutation answers with two
 * frames (next, complete), and a burst of events reaches each subscriber as several frames. The
 * socket is corked at its first frame of a turn and uncorked once the turn's promise chains ran
 * (process.nextTick), so every frame of the turn leaves in one writev, and none waits longer.
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
      process.nextTick(uncork);
    }
    return send(...args);
  }) as WebSocket['send'];
}
