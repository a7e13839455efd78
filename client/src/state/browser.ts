import { graphql } from '../api/graphql';
import { openSocket } from '../api/socket';
import { uploadFile } from '../api/upload';
import { browserNotifications } from './browser-notifications';
import type { Ports } from './ports';

/** The real ports: fetch and graphql-ws with this token, localStorage, timers and the document. */
export function browserPorts(token: string): Ports {
  const report = (what: string, error: unknown) => console.warn(what, error);
  return {
    request: (document, variables) => graphql(document, variables, token),
    openSocket: (events, connectedBefore) => openSocket(token, events, connectedBefore, report),
    storage: localStorage,
    clock: {
      now: () => Date.now(),
      after: (ms, run) => {
        const timer = setTimeout(run, ms);
        return () => clearTimeout(timer);
      },
      every: (ms, run) => {
        const timer = setInterval(run, ms);
        return () => clearInterval(timer);
      },
    },
    page: {
      visible: () => document.visibilityState === 'visible',
      onVisible: (run) => {
        const onChange = () => document.visibilityState === 'visible' && run();
        document.addEventListener('visibilitychange', onChange);
        return () => document.removeEventListener('visibilitychange', onChange);
      },
      onOnline: (run) => {
        addEventListener('online', run);
        return () => removeEventListener('online', run);
      },
      setTitle: (title) => void (document.title = title),
      focus: () => window.focus(),
    },
    randomBytes: (n) => crypto.getRandomValues(new Uint8Array(n)),
    notifications: browserNotifications(),
    uploadFile: (conversationId, file, progress) => uploadFile(token, conversationId, file, progress),
    report,
  };
}
