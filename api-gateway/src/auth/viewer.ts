import type { User } from '@charla/proto/users';
import { unauthenticated } from '@charla/platform';

/** Who is calling: the user behind a token, and the session it belongs to. */
export interface Viewer {
  user: User;
  token: string;
  sessionId: string;
}

export function requireViewer(viewer: Viewer | undefined): Viewer {
  if (!viewer) throw unauthenticated('sign in first: send Authorization: Bearer <token>');
  return viewer;
}
