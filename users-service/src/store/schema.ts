import type { ColumnType, Generated } from 'kysely';
import type { EventTables } from '@charla/platform';

/** Stored times: written as UTC strings, read back as Date (MySQL) or string (SQLite). */
type Time = ColumnType<Date | string, string, string>;
type NullableTime = ColumnType<Date | string | null, string | null, string | null>;

export interface UserStatusesTable {
  id: number;
  description: string;
}

export interface UsersTable {
  id: Generated<number>;
  username: string;
  /** lower-cased NFC username: the unique one, so both databases agree on "taken". */
  username_key: string;
  email: string | null;
  email_key: string | null;
  first_name: string;
  last_name: string;
  password_hash: string;
  role: string;
  /** Effective status (→ user_statuses): offline while no presence lease lives. */
  status_id: number;
  /** What the user picked (online, away, busy), shown while they are present. */
  chosen_status_id: number;
  last_seen_at: NullableTime;
  created_at: Time;
  updated_at: Time;
  /** all, mentions or none (0003). */
  notification_level: Generated<string>;
}

export interface SessionsTable {
  id: string;
  user_id: number;
  /** sha256 of the bearer token; the token itself is never stored. */
  token_hash: string;
  created_at: Time;
  expires_at: Time;
  revoked_at: NullableTime;
}

export interface PresenceLeasesTable {
  id: string;
  user_id: number;
  holder: string;
  created_at: Time;
  /** Set to the closing time when the holder closes it. */
  expires_at: Time;
}

export interface UsersDatabase extends EventTables {
  user_statuses: UserStatusesTable;
  users: UsersTable;
  sessions: SessionsTable;
  presence_leases: PresenceLeasesTable;
}

/** Row ids of user_statuses; they match the proto UserStatus numbers. */
export const STATUS_IDS = { online: 1, away: 2, busy: 3, offline: 4 } as const;
