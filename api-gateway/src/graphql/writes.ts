import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';

/** TCP sockets corked this round of the event loop, uncorked together after it. */
const corked = new Set<Socket>();
let uncorkScheduled = false;

/**
 * Sends a frame, one write per socket per turn of the event loop rather than one per frame. A
 * write is a system call, and on the hot path they were the gateway's biggest single cost: a
 * mutation answers with two frames (next, complete), and a burst of events reaches each
 * subscriber as several frames. The socket is corked at its first frame and uncorked once the
 * loop has run what was ready (setImmediate: after this round's I/O callbacks, so events read in
 * one round share a write), and every frame of the round leaves in one writev. One immediate
 * for all sockets, and nothing kept per socket.
 */
export function sendCorked(socket: WebSocket, frame: string): void {
  // ws keeps the TCP socket as _socket (it has no public accessor).
  const tcp = (socket as unknown as { _socket?: Socket })._socket;
  if (tcp && !corked.has(tcp)) {
    corked.add(tcp);
    tcp.cork();
    if (!uncorkScheduled) {
      uncorkScheduled = true;
      setImmediate(uncorkAll);
    }
  }
  socket.send(frame);
}

function uncorkAll(): void {
  uncorkScheduled = false;
  for (const tcp of corked) tcp.uncork();
  corked.clear();
}
