import { invalidArgument, permissionDenied } from '@charla/platform';
import type { MotdStore } from '../store/motd';
import type { Caller } from './types';

/** The message of the day: at most this many characters (code points) after trimming. */
export const MOTD_MAX = 500;

export interface MotdView {
  /** '' when there is none. */
  text: string;
  /** When it was set; undefined while it is still the MOTD setting's first value. */
  updatedAt: Date | undefined;
}

/**
 * The message of the day everyone sees on signing in, and live while connected. Stored, so it
 * survives restarts; until an admin first sets it, it is the MOTD setting.
 */
export class Motd {
  constructor(
    private readonly store: MotdStore,
    /** The MOTD setting: the first value, before anyone sets one. */
    private readonly initial: string,
  ) {}

  /** Any caller (every call here carries a credential). */
  async get(_caller: Caller): Promise<MotdView> {
    const stored = await this.store.readMotd();
    return stored ?? { text: this.initial.trim(), updatedAt: undefined };
  }

  /** Admins and the service credential (the operator console); '' clears it. */
  async set(caller: Caller, text: unknown): Promise<MotdView> {
    if (caller.kind === 'user' && caller.user.role !== 'admin') throw permissionDenied('only admins set the message of the day', 'ADMIN_ONLY');
    if (typeof text !== 'string') throw invalidArgument('motd', 'must be a string');
    const trimmed = text.trim();
    if ([...trimmed].length > MOTD_MAX) throw invalidArgument('motd', `must be at most ${MOTD_MAX} characters`);
    // Line breaks and tabs are text; other control characters would only garble the banner.
    if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(trimmed)) throw invalidArgument('motd', 'must not contain control characters');
    return this.store.writeMotd(trimmed);
  }
}
