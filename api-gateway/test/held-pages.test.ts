import { clientOperation } from '@charla/stack';
import { ListMessagesResponse, ListOrder, Message, type ListMessagesRequest } from '@charla/proto/messages';
import { HeldPages } from '../src/clients/held-pages';
import { startStack, type Door, type Stack, type TestUser } from './stack';

// The gateway holds decoded newest pages and asks messages-service for them conditionally
// (clients/held-pages.ts). What a viewer gets must be exactly what a full read gives.

describe('held newest pages', () => {
  const page = (tag: string, body: string) =>
    ListMessagesResponse.fromPartial({ messages: [Message.fromPartial({ id: 1, conversationId: 7, seq: 1, body })], nextPageToken: '', tag });
  const newest: Partial<ListMessagesRequest> = { conversationId: 7, pageSize: 50, order: ListOrder.LIST_ORDER_NEWEST_FIRST };

  /** A fake ListMessages: answers `current` in full, or not_modified when asked with its tag; records what it was asked. */
  function service(current: () => ListMessagesResponse) {
    const asked: Partial<ListMessagesRequest>[] = [];
    const list = async (request: Partial<ListMessagesRequest>) => {
      asked.push(request);
      const now = current();
      if (request.ifNoneMatch && request.ifNoneMatch === now.tag) return ListMessagesResponse.fromPartial({ tag: now.tag, notModified: true });
      return now;
    };
    return { asked, list };
  }

  it('sends the held tag and answers not_modified with the held page; a new tag replaces it', async () => {
    let current = page('t1', 'one');
    const fake = service(() => current);
    const list = new HeldPages(100).conditional(fake.list);
    const first = await list(newest, 'service');
    expect(first.messages[0].body).toBe('one');
    expect(await list(newest, 'service')).toBe(first);
    expect(fake.asked.map((r) => r.ifNoneMatch)).toEqual([undefined, 't1']);
    current = page('t2', 'two');
    expect((await list(newest, 'service')).messages[0].body).toBe('two');
    expect(fake.asked.at(-1)!.ifNoneMatch).toBe('t1');
    expect(Object.isFrozen(first.messages) && Object.isFrozen(first.messages[0])).toBe(true);
  });

  it('asks any other page as it is, and holds no untagged page', async () => {
    const fake = service(() => page('', 'older'));
    const list = new HeldPages(100).conditional(fake.list);
    for (const request of [{ ...newest, beforeSeq: 5 }, { ...newest, pageToken: 'x' }, { ...newest, order: ListOrder.LIST_ORDER_OLDEST_FIRST }, { ...newest, aroundSeq: 3 }, newest, newest]) {
      await list(request, 'service');
    }
    expect(fake.asked.map((r) => r.ifNoneMatch)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  it('reads in full when not_modified names a tag it did not send', async () => {
    let calls = 0;
    const list = new HeldPages(100).conditional(async (request) => {
      calls++;
      if (calls === 1) return page('t1', 'one');
      if (request.ifNoneMatch) return ListMessagesResponse.fromPartial({ tag: 'other', notModified: true });
      return page('t3', 'three');
    });
    await list(newest, 'service');
    expect((await list(newest, 'service')).messages[0].body).toBe('three');
  });

  it('holds at most its bound of messages, the page read least lately going first', async () => {
    const fake = service(() => page('t', 'x'));
    // Two messages a page (one and the page itself): room for two pages.
    const list = new HeldPages(4).conditional(fake.list);
    for (const conversationId of [1, 2, 1, 3]) await list({ ...newest, conversationId }, 'service');
    fake.asked.length = 0;
    for (const conversationId of [1, 3, 2]) await list({ ...newest, conversationId }, 'service');
    expect(fake.asked.map((r) => r.ifNoneMatch)).toEqual(['t', 't', undefined]);
  });
});

describe('the Messages query with held pages, against the real services', () => {
  let stack: Stack;
  let ana: TestUser;
  let ben: TestUser;
  let eve: TestUser;
  let group: string;
  const query = clientOperation('Messages');

  beforeAll(async () => {
    stack = await startStack('held_pages', { SENDS_PER_SECOND: '1000', SEND_BURST: '1000' });
    [ana, ben, eve] = await Promise.all([stack.register('ana'), stack.register('ben'), stack.register('eve')]);
    group = (await mutate('mutation { createGroup(title: "Held", usernames: ["ben"]) { id } }', {}, ana)).createGroup.id;
    for (let i = 1; i <= 5; i++) await mutate('mutation($c: ID!, $b: String!) { sendMessage(conversationId: $c, body: $b) { id } }', { c: group, b: `line ${i}` }, i % 2 ? ana : ben);
  }, 60_000);
  afterAll(() => stack?.stop());

  /** The answer's bytes, as the browser gets them. */
  const raw = async (door: Door, user: TestUser) => {
    const response = await fetch(`${door.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${user.token}` },
      body: JSON.stringify({ query, variables: { conversationId: group, first: 50 } }),
    });
    return response.text();
  };
  const mutate = async (text: string, variables: Record<string, unknown>, user: TestUser) => {
    const { data, errors } = await stack.gql(text, variables, user.token);
    if (!data || errors) throw new Error(JSON.stringify(errors));
    return data;
  };

  it('answers byte for byte as a full read does, for each viewer, before and after each change', async () => {
    const other = await stack.addGateway();
    const newestId = async () => JSON.parse(await raw(stack, ana)).data.messages.edges.at(-1).node.id as string;
    const changes: (() => Promise<unknown>)[] = [
      async () => undefined,
      async () => mutate('mutation($m: ID!) { addReaction(messageId: $m, emoji: "👍") { id } }', { m: await newestId() }, ben),
      async () => mutate('mutation($c: ID!) { sendMessage(conversationId: $c, body: "newer") { id } }', { c: group }, ana),
      async () => mutate('mutation($m: ID!) { editMessage(id: $m, body: "edited") { id } }', { m: await newestId() }, ana),
      async () => mutate('mutation($m: ID!) { deleteMessage(id: $m) { id } }', { m: await newestId() }, ana),
    ];
    const seen = new Set<string>();
    for (const change of changes) {
      await change();
      for (const viewer of [ana, ben]) {
        // The first read after the change is a full one on both gateways (the tag each holds is
        // stale); the second on this gateway is answered from its held page.
        const full = await raw(stack, viewer);
        const held = await raw(stack, viewer);
        const elsewhere = await raw(other, viewer);
        expect(JSON.parse(full).errors).toBeUndefined();
        expect(held).toBe(full);
        expect(elsewhere).toBe(full);
        seen.add(full);
      }
    }
    // Each state and each viewer's own answer (reactedByMe) differed.
    expect(seen.size).toBe(changes.length * 2 - 1);
  });

  it('shows each viewer whether they reacted, from the one page held for all', async () => {
    const top = JSON.parse(await raw(stack, ana)).data.messages.edges[0].node.id as string;
    await mutate('mutation($m: ID!) { addReaction(messageId: $m, emoji: "🎉") { id } }', { m: top }, ana);
    const mine = (user: TestUser) => raw(stack, user).then((text) => JSON.parse(text).data.messages.edges.find((e: { node: { id: string } }) => e.node.id === top).node.reactions);
    for (let i = 0; i < 2; i++) {
      expect(await mine(ana)).toEqual([{ emoji: '🎉', count: 1, reactedByMe: true }]);
      expect(await mine(ben)).toEqual([{ emoji: '🎉', count: 1, reactedByMe: false }]);
    }
  });

  it('still refuses a non-member the page every member reads', async () => {
    await raw(stack, ana);
    const refused = JSON.parse(await raw(stack, eve));
    expect(refused.data).toBeNull();
    expect(refused.errors[0].extensions.code).toBe('NOT_FOUND');
  });
});
