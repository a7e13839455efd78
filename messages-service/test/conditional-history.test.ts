import { fromServiceError } from '@charla/platform';
import { TEST_STORES } from '@charla/platform/testing';
import { ListMessagesRequest, ListOrder, type ListMessagesResponse } from '@charla/proto/messages';
import { call, grpcCode, registerUser, startTestServices, type TestServices, type TestUser } from './services';

/**
 * ListMessages with if_none_match: a caller holding the newest page's tag is told not_modified
 * (no messages) while the page is the same, after its access was checked; any change to what the
 * page shows gives a new page with a new tag; a tag that is not the current one gets the full page.
 */
describe.each(TEST_STORES)('a conditional newest page on %s', (kind) => {
  let s: TestServices;
  let ana: TestUser;
  let ben: TestUser;
  let eve: TestUser;
  let group: number;
  let other: number;

  beforeAll(async () => {
    s = await startTestServices(kind, 'conditional');
    [ana, ben, eve] = await Promise.all(['ana', 'ben', 'eve'].map((name) => registerUser(s.users, name)));
    group = (await call(s.messages, s.messages.createGroup, { title: 'tagged', usernames: ['ben'] }, ana.token)).conversation!.id;
    other = (await call(s.messages, s.messages.createGroup, { title: 'elsewhere', usernames: ['eve'] }, ana.token)).conversation!.id;
    for (const id of [group, other]) {
      for (let i = 1; i <= 4; i++) await call(s.messages, s.messages.sendMessage, { conversationId: id, body: `line ${i}`, clientId: '', attachmentIds: [], replyToId: 0 }, ana.token);
    }
  }, 60_000);
  afterAll(() => s?.stop());

  const newest = (user: TestUser, ifNoneMatch = '', conversationId = group, pageSize = 3): Promise<ListMessagesResponse> =>
    call(s.messages, s.messages.listMessages, ListMessagesRequest.fromPartial({ conversationId, pageSize, ifNoneMatch }), user.token);
  /** What a read now shows, with the tag held before: a full page with a tag other than `held`. */
  const changedFrom = async (held: string) => {
    const page = await newest(ben, held);
    expect(page.notModified).toBe(false);
    expect(page.tag).not.toBe(held);
    expect(page.tag).not.toBe('');
    expect(page).toEqual(await newest(ben));
    return page;
  };

  it('tells a caller holding the current tag that its copy is current, for any reader of the conversation', async () => {
    const first = await newest(ben);
    expect(first.tag).not.toBe('');
    expect(first.messages.map((m) => m.body)).toEqual(['line 4', 'line 3', 'line 2']);
    for (const reader of [ben, ana]) {
      expect(await newest(reader, first.tag)).toEqual({ messages: [], nextPageToken: '', tag: first.tag, notModified: true });
    }
    // Another size is another page, with its own tag.
    const two = await newest(ben, first.tag, group, 2);
    expect(two).toMatchObject({ notModified: false, messages: first.messages.slice(0, 2) });
    expect(two.tag).not.toBe(first.tag);
  });

  it('gives a new page and tag after a new message, an edit, a reaction and a delete', async () => {
    let held = (await newest(ben)).tag;
    const sent = (await call(s.messages, s.messages.sendMessage, { conversationId: group, body: 'newer', clientId: '', attachmentIds: [], replyToId: 0 }, ana.token)).message!;
    let page = await changedFrom(held);
    expect(page.messages[0].body).toBe('newer');
    held = page.tag;

    await call(s.messages, s.messages.editMessage, { messageId: sent.id, body: 'edited' }, ana.token);
    page = await changedFrom(held);
    expect(page.messages[0].body).toBe('edited');
    held = page.tag;

    await call(s.messages, s.messages.addReaction, { messageId: sent.id, emoji: '👍' }, ben.token);
    page = await changedFrom(held);
    expect(page.messages[0].reactions).toEqual([{ emoji: '👍', count: 1, userIds: [ben.id] }]);
    held = page.tag;

    await call(s.messages, s.messages.deleteMessage, { messageId: sent.id }, ana.token);
    page = await changedFrom(held);
    expect(page.messages[0]).toMatchObject({ id: sent.id, body: '', reactions: [] });
    // And then nothing changed: not modified again.
    expect((await newest(ben, page.tag)).notModified).toBe(true);
  });

  it('refuses a non-member as always, even with the current tag', async () => {
    const { tag } = await newest(ben);
    expect(await grpcCode(newest(eve, tag))).toBe('NOT_FOUND');
    expect(await grpcCode(newest(eve))).toBe('NOT_FOUND');
  });

  it('answers a tag that is not the current one (another conversation’s, altered, made up) with the full page', async () => {
    const current = await newest(ben);
    const elsewhere = (await newest(ana, '', other)).tag;
    const altered = current.tag.replace(/\d+$/, (version) => String(Number(version) + 1));
    for (const tag of [elsewhere, altered, 'h1.made.up', ' ', current.tag + 'x']) {
      const page = await newest(ben, tag);
      expect(page).toEqual(current);
    }
    // Eve, a member of the other conversation only, gets that one's page with this one's tag: never this one's.
    const hers = await newest(eve, current.tag, other);
    expect(hers.notModified).toBe(false);
    expect(hers.messages.map((m) => m.conversationId)).toEqual([other, other, other]);
  });

  it('refuses a tag longer than 128 characters with INVALID_ARGUMENT naming the field', async () => {
    const refused = await newest(ben, 'h'.repeat(129)).catch((error: unknown) => fromServiceError(error));
    expect(refused).toMatchObject({ code: 'INVALID_ARGUMENT', violations: [{ field: 'if_none_match' }] });
  });

  it('tags only the newest page: an older window or a page token gets no tag and is never not modified', async () => {
    const first = await newest(ben);
    const older = await call(s.messages, s.messages.listMessages, ListMessagesRequest.fromPartial({ conversationId: group, pageSize: 3, pageToken: first.nextPageToken, ifNoneMatch: first.tag }), ben.token);
    expect(older).toMatchObject({ tag: '', notModified: false });
    expect(older.messages.length).toBeGreaterThan(0);
    const oldestFirst = await call(s.messages, s.messages.listMessages, ListMessagesRequest.fromPartial({ conversationId: group, pageSize: 3, order: ListOrder.LIST_ORDER_OLDEST_FIRST }), ben.token);
    expect(oldestFirst).toMatchObject({ tag: '', notModified: false });
  });
});
