import { MotdChangedDocument } from '../api/generated';
import type { KeyValueStorage, Subscribe } from './ports';
import { patch, type ChatStore } from './store';

const MOTD_SEEN_KEY = 'charla.motdSeen';

/** The message of the day to show: none when there is none, or when this browser dismissed this very text. */
export function motdToShow(motd: string | null | undefined, storage: KeyValueStorage): string | null {
  return motd && motd !== storage.getItem(MOTD_SEEN_KEY) ? motd : null;
}

/** Seen once is enough, in this browser: a dismissed text stays dismissed, a new one shows. */
export function dismissMotd(store: ChatStore, storage: KeyValueStorage): void {
  const { motd } = store.get();
  if (motd) storage.setItem(MOTD_SEEN_KEY, motd);
  patch(store, { motd: null });
}

/** An admin changing it (`npx charla motd set`) shows at once; clearing it takes the banner away. */
export function followMotd(subscribe: Subscribe, store: ChatStore, storage: KeyValueStorage): () => void {
  return subscribe(MotdChangedDocument, {}, (data) => patch(store, { motd: motdToShow(data.motdChanged, storage) }));
}
