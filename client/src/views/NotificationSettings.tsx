import { useState } from 'preact/hooks';
import type { Chat } from '../state/chat';
import type { NotificationLevel } from '../state/notifications';
import { useStore } from './hooks';

const LEVELS: { value: NotificationLevel; label: string }[] = [
  { value: 'ALL', label: 'Every message' },
  { value: 'MENTIONS', label: 'Mentions of me and direct messages' },
  { value: 'NONE', label: 'Nothing' },
];

/** The profile's notification section: what I am notified of (kept in my profile), and the browser switch (this browser's). */
export function NotificationSettings({ chat }: { chat: Chat }) {
  const level = useStore(chat.state, (s) => s.me.notificationLevel ?? 'ALL');
  const { permission, enabled } = useStore(chat.notifier.state);
  const [error, setError] = useState<string>();
  const fail = (e: unknown) => setError(e instanceof Error ? e.message : 'Not saved.');

  return (
    <section class="notification-settings" aria-labelledby="n-heading">
      <h3 id="n-heading">Notifications</h3>
      <div class="field">
        <label for="n-level">Notify me of</label>
        <select id="n-level" value={level} onChange={(e) => chat.notifier.setLevel(e.currentTarget.value as NotificationLevel).catch(fail)}>
          {LEVELS.map((l) => (
            <option key={l.value} value={l.value}>
              {l.label}
            </option>
          ))}
        </select>
      </div>
      <p class="muted">Muted conversations never notify. Notifications show while Charla is in the background.</p>
      {permission === 'unsupported' ? (
        <p class="muted">This browser cannot show notifications here.</p>
      ) : permission === 'denied' ? (
        <p class="muted">This browser blocks notifications from Charla: allow them in the site settings, then turn them on here.</p>
      ) : (
        <button
          type="button"
          class={enabled ? 'secondary' : 'primary'}
          role="switch"
          aria-checked={enabled}
          onClick={() => (enabled ? chat.notifier.disable() : chat.notifier.enable().catch(fail))}
        >
          Browser notifications: {enabled ? 'on' : 'off'}
        </button>
      )}
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

/** Offers notifications once, with a button (the browser asks only after a click); "Not now" is remembered. */
export function NotificationBanner({ chat }: { chat: Chat }) {
  const state = useStore(chat.notifier.state);
  const [shown, setShown] = useState(() => chat.notifier.undecided);
  if (!shown || state.enabled) return null;
  return (
    <section class="notification-banner" aria-label="Notifications">
      <p>Get a notification when someone writes to you while Charla is in the background?</p>
      <button type="button" class="primary small" onClick={() => void chat.notifier.enable().then(() => setShown(false))}>
        Turn on notifications
      </button>
      <button
        type="button"
        class="ghost small"
        onClick={() => {
          chat.notifier.decline();
          setShown(false);
        }}
      >
        Not now
      </button>
    </section>
  );
}
