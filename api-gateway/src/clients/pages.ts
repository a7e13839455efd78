/** A List answer: its items under `key`, and the token of the next page ('' after the last). */
export type Page<K extends string, T> = Record<K, T[]> & { nextPageToken: string };

/**
 * Walks a List call page by page, yielding each page's items as it comes: the service's page
 * token is the one cursor. Stops after the last page (no token, or an empty page) or after
 * `maxPages`, the bound for lists that are shown whole rather than replayed.
 */
export async function* pages<K extends string, T>(
  key: K,
  fetch: (pageToken: string) => Promise<Page<K, T>>,
  maxPages = Number.POSITIVE_INFINITY,
): AsyncGenerator<T[]> {
  let pageToken = '';
  for (let page = 0; page < maxPages; page++) {
    const answer = await fetch(pageToken);
    const items = answer[key];
    yield items;
    if (!answer.nextPageToken || items.length === 0) return;
    pageToken = answer.nextPageToken;
  }
}

/** Every item of a List call, in order, from at most `maxPages` pages. */
export async function allPages<K extends string, T>(key: K, fetch: (pageToken: string) => Promise<Page<K, T>>, maxPages?: number): Promise<T[]> {
  const all: T[] = [];
  for await (const items of pages(key, fetch, maxPages)) all.push(...items);
  return all;
}
