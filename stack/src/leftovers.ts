/** Something to dispose after a test or a run: a socket, a part, a database, a browser. */
export type Leftover = () => Promise<unknown>;

/**
 * Disposes every leftover, newest first, and empties the list. One that fails does not keep
 * the others alive: all are tried, then the failures are thrown together.
 */
export async function disposeAll(leftovers: Leftover[]): Promise<void> {
  const failures: unknown[] = [];
  for (const dispose of leftovers.splice(0).reverse()) {
    await dispose().catch((error: unknown) => failures.push(error));
  }
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) throw new AggregateError(failures, `${failures.length} leftovers failed to dispose`);
}

/** `stop` made safe to call twice (by its owner and by the leftovers): later calls share the first. */
export function once(stop: () => Promise<void>): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  return () => (stopping ??= stop());
}
