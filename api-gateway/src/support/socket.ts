import type { WebSocketServer } from 'ws';
import type { Gateway } from '../context';
import { isOperator } from '../auth/viewer';
import type { PresenceLeases } from '../presence/leases';
import { SupportSession, isSupportMessage } from './protocol';

/** The ws adapter of the support protocol: one SupportSession per socket, text frames only. */
export function serveSupportSockets(wss: WebSocketServer, gateway: Gateway, leases: PresenceLeases) {
  wss.on('connection', (socket) => {
    const session = new SupportSession(
      gateway,
      {
        send: (frame) => {
          if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
        },
        close: (code, reason) => socket.close(code, reason),
      },
      {
        attach: (viewer, onMessage) => {
          const release = leases.hold(viewer.user.id);
          const forget = gateway.sessions.add(viewer.sessionId, (code, reason) => socket.close(code, reason));
          const unlisten = gateway.audience.listen(viewer.user.id, isOperator(viewer.user), (event) => {
            if (event.message && isSupportMessage(event.type, event.conversationKind)) onMessage(event.conversationId, event.message);
          });
          return () => {
            unlisten();
            forget();
            release();
          };
        },
      },
    );
    socket.on('message', (data, isBinary) => {
      if (isBinary) return socket.close(1003, 'Text frames only');
      void session.receive(data.toString());
    });
    socket.on('close', () => session.dispose());
    socket.on('error', () => session.dispose());
  });
  return {
    close: () => {
      for (const socket of wss.clients) socket.close(1001, 'Gateway shutting down');
    },
  };
}
