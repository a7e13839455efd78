import { SetConversationPreferencesDocument, UpdateConversationDocument } from '../api/generated';
import type { Request } from './ports';
import type { Conversation } from './types';

export interface SettingsDeps {
  request: Request;
  put(conversation: Conversation): void;
}

export interface Preferences {
  muted?: boolean;
  favourite?: boolean;
  archived?: boolean;
}

/** A conversation's title and topic (for its members), and my own mute, favourite and archive of it. */
export class ConversationSettings {
  constructor(private readonly deps: SettingsDeps) {}

  /** Rejects with the server's refusal (field errors for the form). */
  async update(conversationId: string, changes: { title?: string; topic?: string }): Promise<void> {
    const { updateConversation } = await this.deps.request(UpdateConversationDocument, { id: conversationId, ...changes });
    this.deps.put(updateConversation);
  }

  async setPreferences(conversationId: string, preferences: Preferences): Promise<void> {
    const { setConversationPreferences } = await this.deps.request(SetConversationPreferencesDocument, { conversationId, ...preferences });
    this.deps.put(setConversationPreferences);
  }
}

/** Who may rename a conversation and set its topic (the server decides; this only offers what it would allow). */
export function maySetTitle(conversation: Conversation, meId: string, staff: boolean): boolean {
  if (conversation.kind === 'GROUP') return true;
  if (conversation.kind !== 'ROOM') return false;
  return staff || conversation.members.some((m) => m.user?.id === meId && m.role === 'OWNER');
}

/** Who may pin: anyone outside rooms; in a room its owner and staff. */
export function mayPin(conversation: Conversation, meId: string, staff: boolean): boolean {
  return conversation.kind !== 'ROOM' || maySetTitle(conversation, meId, staff);
}
