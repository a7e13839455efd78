import { allPages, pages } from '../src/clients/pages';

/** A List call over `items`, `size` per page, whose tokens are the next offset. */
function listing(items: number[], size: number) {
  const asked: string[] = [];
  const list = async (pageToken: string) => {
    asked.push(pageToken);
    const start = Number(pageToken || 0);
    const next = start + size;
    return { numbers: items.slice(start, next), nextPageToken: next < items.length ? String(next) : '' };
  };
  return { list, asked };
}

test('every page, in order, until the service gives no next token', async () => {
  const { list, asked } = listing([1, 2, 3, 4, 5], 2);
  expect(await allPages('numbers', list)).toEqual([1, 2, 3, 4, 5]);
  expect(asked).toEqual(['', '2', '4']);
});

test('a list shown whole stops after its bound; an empty page ends the walk', async () => {
  const { list, asked } = listing([1, 2, 3, 4, 5], 2);
  expect(await allPages('numbers', list, 2)).toEqual([1, 2, 3, 4]);
  expect(asked).toEqual(['', '2']);
  const empty = async () => ({ numbers: [], nextPageToken: 'again' });
  expect(await allPages('numbers', empty)).toEqual([]);
});

test('pages come one at a time, and stopping early asks for no more', async () => {
  const { list, asked } = listing([1, 2, 3, 4, 5], 2);
  for await (const page of pages('numbers', list)) {
    expect(page).toEqual([1, 2]);
    break;
  }
  expect(asked).toEqual(['']);
});
