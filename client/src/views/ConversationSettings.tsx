import { useEffect, useState } from 'preact/hooks';
import type { Chat } from '../state/chat';
import { isOperator } from '../state/conversations';
import { maySetTitle, type Preferences } from '../state/settings';
import type { Conversation } from '../state/types';
import { Field, formErrors, Modal } from './Dialogs';
import { useStore } from './hooks';

/** The header's buttons for a conversation's pins and settings. */
export function ConversationTools({ chat, conversation, pinsOpen, onPins }: { chat: Chat; conversation: Conversation; pinsOpen: boolean; onPins(): void }) {
  const [settings, setSettings] = useState(false);
  return (
    <>
      {conversation.muted && (
        <span class="muted-mark" title="Muted: no notifications" aria-label="Muted">
          🔕
        </span>
      )}
      <button type="button" class="icon" aria-label="Pinned messages" title="Pinned messages" aria-pressed={pinsOpen} onClick={onPins}>
        <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M16 3v2h-1v6l3 3v2h-5v5l-1 1-1-1v-5H6v-2l3-3V5H8V3h8Z" /></svg>
      </button>
      <button type="button" class="icon" aria-label="Conversation settings" title="Conversation settings" onClick={() => setSettings(true)}>
        <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M19.4 13a7.6 7.6 0 0 0 0-2l2.1-1.6-2-3.5-2.5 1a7.5 7.5 0 0 0-1.7-1L15 3.3h-4l-.4 2.6a7.5 7.5 0 0 0-1.7 1l-2.5-1-2 3.5L6.6 11a7.6 7.6 0 0 0 0 2l-2.1 1.6 2 3.5 2.5-1a7.5 7.5 0 0 0 1.7 1l.4 2.6h4l.4-2.6a7.5 7.5 0 0 0 1.7-1l2.5 1 2-3.5L19.4 13ZM12 15.5a3.5 3.5 0 1 1 0-7 3.5 3.5 0 0 1 0 7Z" /></svg>
      </button>
      {settings && <ConversationSettingsDialog chat={chat} conversation={conversation} onClose={() => setSettings(false)} />}
    </>
  );
}

/** Title and topic (for who may set them), and my own mute, favourite and archive. */
export function ConversationSettingsDialog({ chat, conversation, onClose }: { chat: Chat; conversation: Conversation; onClose(): void }) {
  const me = useStore(chat.state, (s) => s.me);
  const current = useStore(chat.state, (s) => s.conversations[conversation.id] ?? conversation);
  const editable = maySetTitle(current, me.id, isOperator(me));
  const [title, setTitle] = useState(current.title);
  const [topic, setTopic] = useState(current.topic ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [note, setNote] = useState<string>();

  const save = async (e: Event) => {
    e.preventDefault();
    setErrors({});
    setNote(undefined);
    const changes = {
      ...(title.trim() !== current.title ? { title: title.trim() } : {}),
      ...(topic.trim() !== (current.topic ?? '') ? { topic: topic.trim() } : {}),
    };
    if (Object.keys(changes).length === 0) return onClose();
    try {
      await chat.updateConversation(current.id, changes);
      onClose();
    } catch (error) {
      setErrors(formErrors(error, 'form'));
    }
  };

  // The switches move at once; the server's answer (or its refusal) settles them.
  const [shown, setShown] = useState<Required<Preferences>>({ muted: current.muted, favourite: current.favourite, archived: current.archived });
  useEffect(() => setShown({ muted: current.muted, favourite: current.favourite, archived: current.archived }), [current.muted, current.favourite, current.archived]);
  const prefer = (preferences: Preferences, said: string) => {
    setErrors({});
    setShown({ ...shown, ...preferences });
    chat
      .setPreferences(current.id, preferences)
      .then(() => setNote(said))
      .catch((error: unknown) => {
        setShown({ muted: current.muted, favourite: current.favourite, archived: current.archived });
        setErrors(formErrors(error, 'preferences'));
      });
  };

  return (
    <Modal title="Conversation settings" onClose={onClose}>
      {editable && (
        <form onSubmit={save}>
          <Field id="s-title" autofocus label="Name" value={title} onInput={setTitle} error={errors.title} />
          <Field id="s-topic" label="Topic" value={topic} onInput={setTopic} error={errors.topic} placeholder="What this conversation is about" />
          {errors.form && (
            <p class="field-error" role="alert">
              {errors.form}
            </p>
          )}
          <button type="submit" class="primary" disabled={!title.trim()}>
            Save
          </button>
        </form>
      )}
      {editable && <hr />}
      <h3>Just for me</h3>
      {note && (
        <p class="notice" role="status">
          {note}
        </p>
      )}
      <div class="preference-switches">
        <label class="switch">
          <input type="checkbox" checked={shown.muted} onChange={(e) => prefer({ muted: e.currentTarget.checked }, e.currentTarget.checked ? 'Muted: no notifications from here.' : 'Unmuted.')} />
          Mute (no notifications)
        </label>
        <label class="switch">
          <input type="checkbox" checked={shown.favourite} onChange={(e) => prefer({ favourite: e.currentTarget.checked }, e.currentTarget.checked ? 'Listed first.' : 'No longer a favourite.')} />
          Favourite (listed first)
        </label>
        <label class="switch">
          <input type="checkbox" checked={shown.archived} onChange={(e) => prefer({ archived: e.currentTarget.checked }, e.currentTarget.checked ? 'Moved to Archived.' : 'Back in the list.')} />
          Archive (listed under Archived)
        </label>
      </div>
      {errors.preferences && (
        <p class="field-error" role="alert">
          {errors.preferences}
        </p>
      )}
    </Modal>
  );
}
