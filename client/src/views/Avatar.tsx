import { initials, statusLabel } from '../state/text';
import type { User } from '../state/types';

type Person = Pick<User, 'firstName' | 'lastName' | 'username'> & { status?: User['status'] };

/** Initials on a colour derived from the username, with a presence dot when known. */
export function Avatar({ user, size = 36 }: { user: Person; size?: number }) {
  let hash = 0;
  for (const ch of user.username) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return (
    <span class="avatar" style={{ width: `${size}px`, height: `${size}px`, '--hue': String(hash % 360) }} aria-hidden="true">
      {initials(user)}
      {user.status && <span class={`dot dot-${user.status.toLowerCase()}`} title={statusLabel(user.status)} />}
    </span>
  );
}
