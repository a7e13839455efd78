import { byActivity } from './text';
import type { Conversation } from './types';

export interface ConversationSections {
  /** Favourites first, then the rest, each most recent first. */
  listed: Conversation[];
  /** Archived ones, apart (a favourite archived is archived). */
  archived: Conversation[];
}

/** How the sidebar lists my conversations: favourites on top, archived ones in their own section. */
export function conversationSections(conversations: Iterable<Conversation>): ConversationSections {
  const all = [...conversations].sort(byActivity);
  const archived = all.filter((c) => c.archived);
  const live = all.filter((c) => !c.archived);
  return { listed: [...live.filter((c) => c.favourite), ...live.filter((c) => !c.favourite)], archived };
}
