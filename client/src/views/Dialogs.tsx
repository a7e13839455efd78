import type { ComponentChildren } from 'preact';
import { useEffect, useId, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { fieldErrors } from '../api/graphql';
import type { Chat } from '../state/chat';
import { useStore } from './hooks';
import { NotificationSettings } from './NotificationSettings';

/**
 * A native modal <dialog>: the page behind is inert (focus stays inside), Escape closes it, and
 * focus goes back to whatever opened it (the dialog is unmounted, not closed, so the browser
 * would not do that part itself).
 */
export function Modal({ title, onClose, children, returnTo }: { title: string; onClose(): void; children: ComponentChildren; returnTo?: { current: string | null } }) {
  const ref = useRef<HTMLDialogElement>(null);
  const gone = useRef(false);
  const id = useId();
  // A layout effect: its clean-up runs as the dialog is removed, so focus is back on the page
  // before anything can see it on nothing (a passive effect's clean-up waits until after paint).
  useLayoutEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement;
    dialog?.showModal();
    return () => {
      gone.current = true;
      // Still open (closed by a button, not by Escape), the page behind is inert and would refuse focus.
      if (dialog?.open) dialog.close();
      const next = (returnTo?.current && document.getElementById(returnTo.current)) || opener;
      if (next instanceof HTMLElement && next.isConnected) next.focus();
    };
  }, []);
  return (
    <dialog ref={ref} class="modal" aria-labelledby={id} onClose={() => gone.current || onClose()} onKeyDown={keepFocusInside}>
      <header>
        <h2 id={id}>{title}</h2>
        <button type="button" class="icon" aria-label="Close" onClick={onClose}>
          <svg viewBox="0 0 24 24" aria-hidden="true"><path d="m6.4 5 5.6 5.6L17.6 5 19 6.4 13.4 12l5.6 5.6-1.4 1.4-5.6-5.6L6.4 19 5 17.6l5.6-5.6L5 6.4z" /></svg>
        </button>
      </header>
      {children}
    </dialog>
  );
}

const FOCUSABLE = 'button:not(:disabled), input:not(:disabled), select:not(:disabled), textarea:not(:disabled), a[href], [tabindex]:not([tabindex="-1"])';

/** Tab from the last control goes to the first and Shift+Tab the other way: focus never leaves for the browser's toolbar. */
function keepFocusInside(e: KeyboardEvent) {
  if (e.key !== 'Tab') return;
  const controls = [...(e.currentTarget as HTMLElement).querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.offsetParent !== null);
  const [first, last] = [controls[0], controls[controls.length - 1]];
  if (!first || !last) return;
  if (e.shiftKey && document.activeElement === first) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && document.activeElement === last) {
    e.preventDefault();
    first.focus();
  }
}

export function Field(props: {
  id: string;
  label: string;
  value: string;
  onInput(v: string): void;
  error?: string;
  type?: 'text' | 'email' | 'password';
  autocomplete?: string;
  placeholder?: string;
  /** The field a dialog starts in. */
  autofocus?: boolean;
}) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        // Preact 11 types each input type separately; these three take the same attributes.
        type={(props.type ?? 'text') as 'text'}
        value={props.value}
        autocomplete={props.autocomplete}
        placeholder={props.placeholder}
        autofocus={props.autofocus}
        onInput={(e) => props.onInput(e.currentTarget.value)}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={props.error ? `${props.id}-error` : undefined}
      />
      {props.error && (
        <p class="field-error" id={`${props.id}-error`} role="alert">
          {props.error}
        </p>
      )}
    </div>
  );
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : 'Something went wrong.');

/** A refusal as form errors: one per field it names, or its message under `key`. */
export function formErrors(error: unknown, key: string): Record<string, string> {
  const byField = fieldErrors(error);
  return Object.keys(byField).length > 0 ? byField : { [key]: messageOf(error) };
}

/** Where focus goes when a dialog that opened a conversation closes: writing is what comes next. */
const COMPOSER = 'composer-input';

export function ProfileDialog({ chat, onClose }: { chat: Chat; onClose(): void }) {
  const me = useStore(chat.state, (s) => s.me);
  const [profile, setProfile] = useState({ firstName: me.firstName, lastName: me.lastName, email: me.email ?? '' });
  const [passwords, setPasswords] = useState({ oldPassword: '', newPassword: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [note, setNote] = useState<string>();

  const saveProfile = async (e: Event) => {
    e.preventDefault();
    setErrors({});
    setNote(undefined);
    try {
      await chat.updateProfile(profile);
      setNote('Profile saved.');
    } catch (error) {
      setErrors(formErrors(error, 'profile'));
    }
  };

  const savePassword = async (e: Event) => {
    e.preventDefault();
    setErrors({});
    setNote(undefined);
    try {
      await chat.changePassword(passwords.oldPassword, passwords.newPassword);
      setPasswords({ oldPassword: '', newPassword: '' });
      setNote('Password changed.');
    } catch (error) {
      setErrors(formErrors(error, 'password'));
    }
  };

  return (
    <Modal title="Your profile" onClose={onClose}>
      <p class="muted">Signed in as @{me.username}</p>
      {note && (
        <p class="notice" role="status">
          {note}
        </p>
      )}
      <form onSubmit={saveProfile} noValidate>
        <div class="field-row">
          <Field id="p-first" autofocus label="First name" value={profile.firstName} onInput={(v) => setProfile({ ...profile, firstName: v })} error={errors.firstName} autocomplete="given-name" />
          <Field id="p-last" label="Last name" value={profile.lastName} onInput={(v) => setProfile({ ...profile, lastName: v })} error={errors.lastName} autocomplete="family-name" />
        </div>
        <Field id="p-email" label="Email" type="email" value={profile.email} onInput={(v) => setProfile({ ...profile, email: v })} error={errors.email} autocomplete="email" />
        {errors.profile && <p class="field-error">{errors.profile}</p>}
        <button type="submit" class="primary">
          Save profile
        </button>
      </form>
      <hr />
      <NotificationSettings chat={chat} />
      <hr />
      <form onSubmit={savePassword}>
        <h3>Change password</h3>
        <Field id="p-old" label="Current password" type="password" value={passwords.oldPassword} onInput={(v) => setPasswords({ ...passwords, oldPassword: v })} error={errors.oldPassword} autocomplete="current-password" />
        <Field id="p-new" label="New password" type="password" value={passwords.newPassword} onInput={(v) => setPasswords({ ...passwords, newPassword: v })} error={errors.newPassword} autocomplete="new-password" />
        {errors.password && <p class="field-error">{errors.password}</p>}
        <button type="submit" class="secondary">
          Change password
        </button>
      </form>
    </Modal>
  );
}

const usernamesIn = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((u) => u.replace(/^@/, '').trim())
    .filter(Boolean);

export function GroupDialog({ chat, onClose }: { chat: Chat; onClose(): void }) {
  const returnTo = useRef<string | null>(null);
  const [title, setTitle] = useState('');
  const [members, setMembers] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});

  const create = async (e: Event) => {
    e.preventDefault();
    try {
      await chat.createGroup(title.trim(), usernamesIn(members));
      returnTo.current = COMPOSER;
      onClose();
    } catch (error) {
      setErrors(formErrors(error, 'form'));
    }
  };

  return (
    <Modal title="New group" onClose={onClose} returnTo={returnTo}>
      <form onSubmit={create}>
        <Field id="g-title" autofocus label="Group name" value={title} onInput={setTitle} error={errors.title} />
        <Field id="g-members" label="Members (usernames, comma separated)" value={members} onInput={setMembers} error={errors.usernames} placeholder="ana, luis" />
        {errors.form && <p class="field-error">{errors.form}</p>}
        <button type="submit" class="primary" disabled={!title.trim()}>
          Create group
        </button>
      </form>
    </Modal>
  );
}

export function AddMemberDialog({ chat, conversationId, onClose }: { chat: Chat; conversationId: string; onClose(): void }) {
  const [username, setUsername] = useState('');
  const [error, setError] = useState<string>();

  const add = async (e: Event) => {
    e.preventDefault();
    try {
      await chat.addMember(conversationId, username.replace(/^@/, '').trim());
      onClose();
    } catch (err) {
      setError(messageOf(err));
    }
  };

  return (
    <Modal title="Add a member" onClose={onClose}>
      <form onSubmit={add}>
        <Field id="m-username" autofocus label="Username" value={username} onInput={setUsername} error={error} />
        <button type="submit" class="primary" disabled={!username.trim()}>
          Add
        </button>
      </form>
    </Modal>
  );
}

/** Every room: open the ones I am in, join the others, or start a new one. */
export function RoomsDialog({ chat, onClose }: { chat: Chat; onClose(): void }) {
  const returnTo = useRef<string | null>(null);
  const joinable = useStore(chat.state, (s) => s.rooms);
  const conversations = useStore(chat.state, (s) => s.conversations);
  const [title, setTitle] = useState('');
  const [filter, setFilter] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    chat
      .refreshRooms()
      .catch((error: unknown) => setErrors(formErrors(error, 'form')))
      .finally(() => setLoading(false));
  }, []);

  const joined = Object.values(conversations).filter((c) => c.kind === 'ROOM');
  const rooms = [...joined.map((room) => ({ room, joined: true })), ...joinable.map((room) => ({ room, joined: false }))]
    .filter(({ room }) => !filter || room.title.toLowerCase().includes(filter.toLowerCase().replace(/^#\s*/, '')))
    .sort((a, b) => a.room.title.localeCompare(b.room.title));

  const run = (action: () => Promise<unknown>) => async (e?: Event) => {
    e?.preventDefault();
    setErrors({});
    try {
      await action();
      returnTo.current = COMPOSER;
      onClose();
    } catch (error) {
      setErrors(formErrors(error, 'form'));
    }
  };

  return (
    <Modal title="Rooms" onClose={onClose} returnTo={returnTo}>
      <form onSubmit={run(() => chat.createRoom(title.trim()))}>
        <Field id="r-title" autofocus label="New room name" value={title} onInput={setTitle} error={errors.title} placeholder="e.g. random" />
        <button type="submit" class="primary" disabled={!title.trim()}>
          Create room
        </button>
      </form>
      <hr />
      <Field id="r-filter" label="Find a room" value={filter} onInput={setFilter} />
      {errors.form && (
        <p class="field-error" role="alert">
          {errors.form}
        </p>
      )}
      <ul class="room-list" aria-busy={loading}>
        {rooms.map(({ room, joined }) => (
          <li key={room.id} class="room-row">
            <span># {room.title}</span>
            {joined ? (
              <button type="button" class="ghost small" aria-label={`Open ${room.title}`} onClick={run(() => chat.open(room.id))}>
                Open
              </button>
            ) : (
              <button type="button" class="secondary small" aria-label={`Join ${room.title}`} onClick={run(() => chat.joinRoom(room.id))}>
                Join
              </button>
            )}
          </li>
        ))}
      </ul>
      {!loading && rooms.length === 0 && <p class="empty">No room by that name.</p>}
    </Modal>
  );
}
