import type { Message, Page } from './types';

/** A page of history with the tag of its content (newestPageTag; '' for a page that is not a newest one). */
export interface HistoryPage extends Page<Message> {
  tag: string;
}

/**
 * What a conversation's stored messages show at one moment: a new message moves last_seq, any
 * other change to one of them (an edit, a delete, a reaction, a pin, a status) its history
 * version (store/history-versions.ts), in the transaction that makes it. Neither ever goes back.
 */
export interface HistoryStamp {
  lastSeq: number;
  version: number;
}

interface Entry {
  stamp: HistoryStamp;
  /** The newest messages, newest first, as read for `asked` rows: fewer means the whole history. */
  newest: Message[];
  asked: number;
  /** The pages made of them so far, by size (PAGES_KEPT at most): the same page object for the same size each time. */
  pages: Map<number, HistoryPage>;
}

/**
 * Sizes of one history kept as page objects (a door keeps its response and bytes beside each):
 * a client asking every size in turn gets pages made afresh past these, not a copy kept of each.
 */
const PAGES_KEPT = 2;

/**
 * The tag of a conversation's newest `size` messages at `stamp`: the same tag means the same
 * page, for every reader (a page carries nothing of who asked) and every replica (the stamp is
 * the database's). The conversation's creation instant is in it so a conversation id made again
 * on a fresh database never matches a page kept from the old one.
 */
export function newestPageTag(conversation: { id: number; createdAt: Date }, size: number, stamp: HistoryStamp): string {
  return `h1.${conversation.id}.${conversation.createdAt.getTime()}.${size}.${stamp.lastSeq}.${stamp.version}`;
}

const newer = (a: HistoryStamp, b: HistoryStamp) => a.lastSeq >= b.lastSeq && a.version >= b.version;
/** An empty history counts as one, so the entries stay bounded too. */
const weight = (newest: Message[]) => newest.length + 1;

/**
 * The newest page of the conversations read lately, as the store last gave it, for as long as
 * their stamp is the same. The stamp a read checks comes from the database in the statement that
 * checks the caller's access, so a change committed by any replica before the read began is
 * seen; the page it keeps was read after its stamp, so it is never older than the stamp says
 * (a change in between only makes it newer, and the next stamp differs). Bounded by the
 * messages it holds; the conversation read least lately goes first.
 */
export class NewestPages {
  private readonly entries = new Map<number, Entry>();
  private held = 0;

  constructor(private readonly maxMessages: number) {}

  /**
   * The newest `size` messages and whether there are more, when what is kept has the same stamp
   * and holds them; the same page object for the same stamp and size (a door may keep what it
   * made of it), with `tag`, the page's newestPageTag.
   */
  page(conversationId: number, stamp: HistoryStamp, size: number, tag: string, token: (page: Message[], more: boolean) => string): HistoryPage | undefined {
    const entry = this.entries.get(conversationId);
    if (!entry || entry.stamp.lastSeq !== stamp.lastSeq || entry.stamp.version !== stamp.version) return undefined;
    if (size + 1 > entry.asked && entry.newest.length >= entry.asked) return undefined;
    // Read lately: last to go.
    this.entries.delete(conversationId);
    this.entries.set(conversationId, entry);
    let page = entry.pages.get(size);
    if (!page) {
      const items = entry.newest.slice(0, size);
      page = { items, nextPageToken: token(items, entry.newest.length > size), tag };
      if (entry.pages.size < PAGES_KEPT) entry.pages.set(size, page);
    }
    return page;
  }

  /** Keeps the newest messages read for `asked` rows after `stamp` was read; an older stamp than the kept one changes nothing. */
  keep(conversationId: number, stamp: HistoryStamp, asked: number, newest: Message[]): void {
    const kept = this.entries.get(conversationId);
    if (kept && !newer(stamp, kept.stamp)) return;
    if (kept) this.forget(conversationId, kept);
    if (weight(newest) > this.maxMessages) return;
    for (const [id, oldest] of this.entries) {
      if (this.held + weight(newest) <= this.maxMessages) break;
      this.forget(id, oldest);
    }
    this.entries.set(conversationId, { stamp, newest, asked, pages: new Map() });
    this.held += weight(newest);
  }

  private forget(conversationId: number, entry: Entry): void {
    this.entries.delete(conversationId);
    this.held -= weight(entry.newest);
  }
}
