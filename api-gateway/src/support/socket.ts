import type { WebSocketServer } from 'ws';
import { isOperatorRole } from '@charla/platform';
import type { SessionSockets } from '../auth/sessions';
import type { MessagesAudience } from '../live/audience';
import type { PresenceLeases } from '../presence/leases';
import { SupportSession, isSupportMessage, type SupportDeskParts } from './desk';

export interface SupportSocketParts {
  desk: SupportDeskParts;
  audience: Pick<MessagesAudience, 'listen'>;
  sessions: SessionSockets;
  leases: PresenceLeases;
}

/**
 * The ws adapter of the support socket protocol: one SupportSession per socket, text frames
 * only. An authenticated socket holds a presence lease, closes with its session, and hears the
 * support messages its user's audience routes to it.
 */
export function serveSupportSockets(wss: WebSocketServer, { desk, audience, sessions, leases }: SupportSocketParts) {
  wss.on('connection', (socket) => {
    const session = new SupportSession(
      desk,
      {
        send: (frame) => {
          if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
        },
        close: (code, reason) => socket.close(code, reason),
      },
      {
        attach: (viewer, onMessage) => {
          const release = leases.hold(viewer.user.id);
          const forget = sessions.add(viewer.sessionId, (code, reason) => socket.close(code, reason));
          const unlisten = audience.listen(viewer.user.id, isOperatorRole(viewer.user.role), (event) => {
            if (isSupportMessage(event)) onMessage(event.conversationId, event.message);
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
      // The session answers its own failures (and closes the socket on the ones it cannot).
      void session.receive(data.toString());
    });
    socket.on('close', () => session.dispose());
    // A broken or oversized frame: ws closes the socket itself (1002, 1009); the client is at fault.
    socket.on('error', (error) => {
      desk.log.debug({ err: error }, 'support socket error');
      session.dispose();
    });
  });
  return {
    close: () => {
      for (const socket of wss.clients) socket.close(1001, 'Gateway shutting down');
    },
  };
}
