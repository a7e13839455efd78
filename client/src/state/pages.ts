/**
 * The one "fetch every page" loop: loads the page after `after`, hands it to `take`, and goes on
 * from the cursor `take` returns until it returns null (no next page, or no need for one).
 */
export async function everyPage<P>(after: string, load: (after: string) => Promise<P>, take: (page: P) => string | null): Promise<void> {
  for (let cursor: string | null = after; cursor !== null; ) cursor = take(await load(cursor));
}
