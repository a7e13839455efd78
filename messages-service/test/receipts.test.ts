import { TEST_STORES } from '@charla/platform/testing';
import type { ChatEventType } from '../src/domain/events';
import { statusFor } from '../src/domain/receipts';
import { MESSAGE_STATUSES, type Message, type MessageStatus, type UserCaller } from '../src/domain/types';
import { decoded, openTestChat, SERVICE, type TestChat } from './support';

const [SENT, DELIVERED, READ] = ['sent', 'delivered', 'read'] as const;

/** Statuses only move forward: the later of two, as readers of the announcements apply them. */
const later = (a: MessageStatus, b: MessageStatus | undefined): MessageStatus =>
  b !== undefined && MESSAGE_STATUSES.indexOf(b) > MESSAGE_STATUSES.indexOf(a) ? b : a;

/** A small deterministic generator, so a failing mix can be run again. */
function random(start: number): (n: number) => number {
  let state = start;
  return (n) => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state % n;
  };
}

describe.each(TEST_STORES)('stored statuses on %s', (kind) => {
  let t: TestChat;
  const user = (name: string, role: 'user' | 'operator' = 'user'): UserCaller => t.users.register(name, role);

  beforeAll(async () => {
    t = await openTestChat(kind, 'receipts');
  });
  afterAll(() => t.dispose());

  async function history(caller: UserCaller, conversationId: number): Promise<Message[]> {
    const all: Message[] = [];
    let pageToken = '';
    do {
      const page = await t.chat.messages.list(caller, { conversationId, pageSize: 100, pageToken, order: 'oldest-first' });
      all.push(...page.items);
      pageToken = page.nextPageToken;
    } while (pageToken);
    return all;
  }

  /** Every stored status is what the rule says from the current members' markers. */
  async function expectStatusesFollowTheRule(caller: UserCaller, conversationId: number): Promise<Message[]> {
    const { members } = await t.chat.conversations.get(caller, conversationId);
    const messages = await history(caller, conversationId);
    const expected = messages.map((m) =>
      statusFor(m.seq, m.deletedAt !== undefined, members.filter((other) => other.userId !== m.authorId)),
    );
    expect(messages.map((m) => m.status)).toEqual(expected);
    return messages;
  }

  it('frees what a leaver held back: the others’ markers decide, and the change is announced', async () => {
    const [ana, ben, cai] = [user('ana'), user('ben'), user('cai')];
    const group = await t.chat.conversations.createGroup(ana, { title: 'three', usernames: ['ben', 'cai'] });
    for (const body of ['one', 'two', 'three']) await t.chat.messages.send(ana, { conversationId: group.id, body });
    await t.chat.messages.send(cai, { conversationId: group.id, body: 'cai’s own' });
    await t.chat.messages.markRead(ben, { conversationId: group.id, seq: 2 });
    await t.chat.messages.markDelivered(ben, { conversationId: group.id, seq: 4 });
    await t.chat.messages.markRead(ana, { conversationId: group.id, seq: 4 });
    // cai replied at seq 4, so he has read ana's three; ben is the one holding everyone back.
    expect((await history(ana, group.id)).map((m) => m.status)).toEqual([READ, READ, DELIVERED, DELIVERED]);

    const start = await t.events.head();
    await t.chat.conversations.leave(ben, group.id);
    // Only cai is left to read ana's messages, only ana to read cai's.
    const after = await expectStatusesFollowTheRule(ana, group.id);
    expect(after.map((m) => m.status)).toEqual([READ, READ, READ, READ]);
    const events = (await t.events.readAfter(start, 10)).map(decoded);
    expect(events.map((e) => [e.type, e.userId, e.upToSeq, e.status])).toEqual([
      ['member_left', ben.user.id, undefined, undefined], // a member event has no seq or status
      ['message_status_changed', ana.user.id, 4, READ],
      ['message_status_changed', cai.user.id, 4, READ],
    ]);
  });

  it('moves a leaver’s held-back messages only as far as the rest have them', async () => {
    const [ana, ben, cai, dan] = [user('ana2'), user('ben2'), user('cai2'), user('dan2')];
    const group = await t.chat.conversations.createGroup(ana, { title: 'four', usernames: [ben, cai, dan].map((u) => u.user.username) });
    for (const body of ['a', 'b', 'c']) await t.chat.messages.send(ana, { conversationId: group.id, body });
    await t.chat.messages.markRead(ben, { conversationId: group.id, seq: 3 });
    await t.chat.messages.markRead(cai, { conversationId: group.id, seq: 1 });
    await t.chat.messages.markDelivered(cai, { conversationId: group.id, seq: 2 });
    expect((await history(ana, group.id)).map((m) => m.status)).toEqual([SENT, SENT, SENT]); // dan has nothing yet
    await t.chat.conversations.leave(dan, group.id);
    const after = await expectStatusesFollowTheRule(ana, group.id);
    expect(after.map((m) => m.status)).toEqual([READ, DELIVERED, SENT]);
    // Leaving again changes nothing and announces nothing.
    const head = await t.events.head();
    expect(await t.store.removeMember(group.id, dan.user.id)).toBe(false);
    expect(await t.events.head()).toBe(head);
  });

  it('counts a newcomer as having seen what came before, so a lone member’s messages turn read', async () => {
    const asker = user('asker');
    const op = user('helper', 'operator');
    const support = await t.chat.conversations.openSupport(asker);
    await t.chat.messages.send(asker, { conversationId: support.id, body: 'hello?' });
    await t.chat.messages.send(asker, { conversationId: support.id, body: 'anyone?' });
    expect((await history(asker, support.id)).map((m) => m.status)).toEqual([SENT, SENT]); // nobody else there
    await t.chat.messages.send(op, { conversationId: support.id, body: 'here' });
    const after = await expectStatusesFollowTheRule(asker, support.id);
    expect(after.map((m) => m.status)).toEqual([READ, READ, SENT]);

    const solo = user('solo');
    const group = await t.chat.conversations.createGroup(solo, { title: 'alone at first', usernames: [] });
    await t.chat.messages.send(solo, { conversationId: group.id, body: 'notes to self' });
    user('joiner');
    await t.chat.conversations.addMember(solo, { conversationId: group.id, username: 'joiner' });
    expect((await expectStatusesFollowTheRule(solo, group.id)).map((m) => m.status)).toEqual([READ]);
  });

  it('keeps every stored status and every announcement true to the rule while sends, receipts and leaves race', async () => {
    const people = Array.from({ length: 8 }, (_, i) => user(`racer${i}`));
    const [owner, ...rest] = people;
    const group = await t.chat.conversations.createGroup(owner, { title: 'race', usernames: rest.map((p) => p.user.username) });
    const other = await t.chat.conversations.createGroup(owner, { title: 'race too', usernames: rest.slice(0, 3).map((p) => p.user.username) });
    const start = await t.events.head();
    const pick = random(kind === 'mysql' ? 7 : 11);
    const left = new Set<number>();
    let sent = 0;
    for (let round = 0; round < 6; round++) {
      const { lastSeq } = await t.chat.conversations.get(owner, group.id);
      const present = people.filter((p) => !left.has(p.user.id));
      const work: Promise<unknown>[] = [];
      for (let i = 0; i < 30; i++) {
        const who = present[pick(present.length)];
        const action = pick(10);
        if (action < 6) {
          sent++;
          work.push(t.chat.messages.send(who, { conversationId: group.id, body: `r${round} #${i}`, clientId: `${round}-${i}` }));
          // A retry in the same breath: one message, whichever batch it lands in.
          if (action === 0) work.push(t.chat.messages.send(who, { conversationId: group.id, body: `r${round} #${i}`, clientId: `${round}-${i}` }));
        } else if (action < 8) {
          work.push(t.chat.messages.markRead(who, { conversationId: group.id, seq: pick(lastSeq + 1) }));
        } else {
          work.push(t.chat.messages.markDelivered(who, { conversationId: group.id, seq: pick(lastSeq + 3) }));
        }
        // Sends to another conversation share the batches.
        if (i % 5 === 0) work.push(t.chat.messages.send(owner, { conversationId: other.id, body: `other ${round}.${i}` }));
      }
      if (round === 3) {
        const leaver = rest[pick(rest.length)];
        left.add(leaver.user.id);
        work.push(t.chat.conversations.leave(leaver, group.id));
      }
      await Promise.all(work.map((p) => p.catch((error: { code?: string }) => expect(error.code).toBe('FAILED_PRECONDITION' /* left already */))));
    }
    const messages = await expectStatusesFollowTheRule(owner, group.id);
    expect(messages.map((m) => m.seq)).toEqual(messages.map((_, i) => i + 1));
    expect(messages).toHaveLength(sent);
    expect(new Set(messages.map((m) => m.status)).size).toBeGreaterThan(1); // the mix did exercise the rule

    // Announcements, applied as maximums per author up to their seq, arrive at the stored statuses.
    const seen = new Map<number, { authorId: number; seq: number; status: MessageStatus }>();
    for (const event of (await t.events.readAfter(start, 100_000)).map(decoded)) {
      if (event.conversationId !== group.id) continue;
      if (event.type === 'message_added') {
        seen.set(event.message!.seq, { authorId: event.message!.authorId, seq: event.message!.seq, status: event.message!.status });
      }
      if (event.type === 'message_status_changed') {
        for (const m of seen.values()) if (m.authorId === event.userId && m.seq <= event.upToSeq!) m.status = later(m.status, event.status);
      }
    }
    expect([...seen.values()].sort((a, b) => a.seq - b.seq).map((m) => m.status)).toEqual(messages.map((m) => m.status));
  });
  describe('deliveries recorded by gateways', () => {

    /** The events stored after `start`, as [type, user] pairs, for the given conversations. */
    async function eventsAfter(start: number, conversationIds: number[]): Promise<[ChatEventType, number | undefined][]> {
      return (await t.events.readAfter(start, 100_000))
        .map(decoded)
        .filter((e) => conversationIds.includes(e.conversationId))
        .map((e) => [e.type, e.userId]);
    }

    async function markersOf(caller: UserCaller, conversationId: number): Promise<Record<number, [number, number]>> {
      const { members } = await t.chat.conversations.get(caller, conversationId);
      return Object.fromEntries(members.map((m) => [m.userId, [m.lastDeliveredSeq, m.lastReadSeq]]));
    }

    it('moves the markers of several members in several conversations in one call, duplicates coalesced', async () => {
      const [ana, ben, cai, dan] = ['ana', 'ben', 'cai', 'dan'].map((n) => user(`${n}-batch`));
      const a = await t.chat.conversations.createGroup(ana, { title: 'batch a', usernames: [ben.user.username, cai.user.username] });
      const b = await t.chat.conversations.createGroup(ana, { title: 'batch b', usernames: [ben.user.username, dan.user.username] });
      for (const body of ['1', '2', '3']) await t.chat.messages.send(ana, { conversationId: a.id, body });
      for (const body of ['1', '2']) await t.chat.messages.send(ana, { conversationId: b.id, body });

      const moved = await t.chat.messages.recordDeliveries(SERVICE, {
        deliveries: [
          { userId: ben.user.id, conversationId: a.id, seq: 1 },
          { userId: cai.user.id, conversationId: a.id, seq: 2 },
          { userId: ben.user.id, conversationId: b.id, seq: 2 },
          { userId: ben.user.id, conversationId: a.id, seq: 3 }, // the highest of ben's in a counts
          { userId: dan.user.id, conversationId: b.id, seq: 2 },
          { userId: ben.user.id, conversationId: a.id, seq: 2 },
        ],
      });
      expect(moved).toBe(4);
      expect(await markersOf(ana, a.id)).toEqual({ [ana.user.id]: [3, 3], [ben.user.id]: [3, 0], [cai.user.id]: [2, 0] });
      expect(await markersOf(ana, b.id)).toEqual({ [ana.user.id]: [2, 2], [ben.user.id]: [2, 0], [dan.user.id]: [2, 0] });
      expect((await expectStatusesFollowTheRule(ana, a.id)).map((m) => m.status)).toEqual([DELIVERED, DELIVERED, SENT]);
      expect((await expectStatusesFollowTheRule(ana, b.id)).map((m) => m.status)).toEqual([DELIVERED, DELIVERED]);
    });

    it('turns a message delivered only once every other member has it, and says so once', async () => {
      const [ana, ...others] = ['ana', 'ben', 'cai', 'dan'].map((n) => user(`${n}-every`));
      const group = await t.chat.conversations.createGroup(ana, { title: 'everyone', usernames: others.map((o) => o.user.username) });
      await t.chat.messages.send(ana, { conversationId: group.id, body: 'hello all' });
      const start = await t.events.head();
      const deliver = (who: UserCaller) => t.chat.messages.recordDeliveries(SERVICE, { deliveries: [{ userId: who.user.id, conversationId: group.id, seq: 1 }] });
      await deliver(others[0]);
      await deliver(others[1]);
      expect((await expectStatusesFollowTheRule(ana, group.id)).map((m) => m.status)).toEqual([SENT]);
      await deliver(others[2]);
      expect((await expectStatusesFollowTheRule(ana, group.id)).map((m) => m.status)).toEqual([DELIVERED]);
      const events = (await t.events.readAfter(start, 100)).map(decoded).filter((e) => e.conversationId === group.id);
      expect(events.map((e) => [e.type, e.userId, e.upToSeq, e.status])).toEqual([['message_status_changed', ana.user.id, 1, DELIVERED]]);
    });

    it('skips non-members, leavers and unknown conversations; never moves a marker back or past the last message', async () => {
      const [ana, ben, cai, eve] = ['ana', 'ben', 'cai', 'eve'].map((n) => user(`${n}-skip`));
      const group = await t.chat.conversations.createGroup(ana, { title: 'skips', usernames: [ben.user.username, cai.user.username] });
      for (const body of ['1', '2', '3']) await t.chat.messages.send(ana, { conversationId: group.id, body });
      await t.chat.conversations.leave(cai, group.id);
      const moved = await t.chat.messages.recordDeliveries(SERVICE, {
        deliveries: [
          { userId: eve.user.id, conversationId: group.id, seq: 3 }, // never a member
          { userId: cai.user.id, conversationId: group.id, seq: 3 }, // left
          { userId: ben.user.id, conversationId: 987_654_321, seq: 3 }, // no such conversation
          { userId: ben.user.id, conversationId: group.id, seq: 99 }, // past the last message
        ],
      });
      expect(moved).toBe(1);
      expect(await markersOf(ana, group.id)).toEqual({ [ana.user.id]: [3, 3], [ben.user.id]: [3, 0] });
      expect(await t.chat.messages.recordDeliveries(SERVICE, { deliveries: [{ userId: ben.user.id, conversationId: group.id, seq: 1 }] })).toBe(0);
      await t.chat.messages.markDelivered(ben, { conversationId: group.id, seq: 2 });
      expect(await markersOf(ana, group.id)).toEqual({ [ana.user.id]: [3, 3], [ben.user.id]: [3, 0] });
      expect(await t.chat.messages.recordDeliveries(SERVICE, { deliveries: [] })).toBe(0);
      expect((await expectStatusesFollowTheRule(ana, group.id)).map((m) => m.status)).toEqual([DELIVERED, DELIVERED, DELIVERED]);
      // eve learned nothing and gained nothing.
      expect((await t.chat.conversations.list(eve, {})).items.map((c) => c.id)).not.toContain(group.id);
    });

    it('checks its limits with INVALID_ARGUMENT naming the entry', async () => {
      const message = async (deliveries: unknown): Promise<string> => {
        try {
          await t.chat.messages.recordDeliveries(SERVICE, { deliveries });
          return 'OK';
        } catch (error) {
          return `${(error as { code: string }).code} ${(error as Error).message}`;
        }
      };
      const ok = { userId: 1, conversationId: 1, seq: 1 };
      expect(await message(Array.from({ length: 1_000 }, () => ok))).toBe('OK');
      expect(await message(Array.from({ length: 1_001 }, () => ok))).toMatch(/^INVALID_ARGUMENT deliveries: must hold at most 1000/);
      expect(await message([ok, ok, ok, { ...ok, seq: -1 }])).toMatch(/^INVALID_ARGUMENT deliveries\[3\]\.seq:/);
      expect(await message([{ ...ok, userId: 0 }])).toMatch(/^INVALID_ARGUMENT deliveries\[0\]\.user_id:/);
      expect(await message([ok, { ...ok, conversationId: -5 }])).toMatch(/^INVALID_ARGUMENT deliveries\[1\]\.conversation_id:/);
      expect(await message('lots')).toMatch(/^INVALID_ARGUMENT deliveries:/);
    });

    it('announces no MARKER_MOVED for a delivered-only move, and one for a read marker that moved', async () => {
      const [ana, ben, cai] = ['ana', 'ben', 'cai'].map((n) => user(`${n}-quiet`));
      const group = await t.chat.conversations.createGroup(ana, { title: 'quiet', usernames: [ben.user.username, cai.user.username] });
      for (const body of ['1', '2']) await t.chat.messages.send(ana, { conversationId: group.id, body });
      const start = await t.events.head();
      await t.chat.messages.recordDeliveries(SERVICE, { deliveries: [{ userId: ben.user.id, conversationId: group.id, seq: 2 }] });
      await t.chat.messages.markDelivered(cai, { conversationId: group.id, seq: 1 });
      await t.chat.messages.markDelivered(cai, { conversationId: group.id, seq: 2 });
      await t.chat.messages.markRead(ben, { conversationId: group.id, seq: 1 });
      await t.chat.messages.markRead(ben, { conversationId: group.id, seq: 1 }); // moves nothing, says nothing
      expect(await eventsAfter(start, [group.id])).toEqual([
        ['message_status_changed', ana.user.id], // delivered up to 1: cai's first
        ['message_status_changed', ana.user.id], // delivered up to 2
        ['marker_moved', ben.user.id],
      ]);
    });

    it('keeps every stored status true to the markers while 20 senders write and deliveries arrive every few ms', async () => {
      const people = Array.from({ length: 20 }, (_, i) => user(`busy${i}`));
      const [owner, ...rest] = people;
      const group = await t.chat.conversations.createGroup(owner, { title: 'busy room', usernames: rest.map((p) => p.user.username) });
      const start = await t.events.head();
      const pick = random(kind === 'mysql' ? 5 : 3);
      let highest = 0;
      let batches = 0;
      // Rounds, each checked once quiet: a lost status change would be hidden by a later move
      // that recomputes from below it.
      for (let round = 0; round < 10; round++) {
        let sending = true;
        const senders = Promise.all(
          people.map(async (who, n) => {
            await new Promise((resolve) => setTimeout(resolve, pick(6)));
            const { message } = await t.chat.messages.send(who, { conversationId: group.id, body: `${round}.${n}`, clientId: `${round}.${n}` });
            highest = Math.max(highest, message.seq);
          }),
        ).finally(() => (sending = false));
        // Three gateways flush together every few ms, each for its third of the members, who
        // all have the newest message by now.
        const flush = async () => {
          const upTo = highest;
          await Promise.all(
            [0, 1, 2].map((gateway) =>
              t.chat.messages.recordDeliveries(SERVICE, {
                deliveries: people.filter((_, i) => i % 3 === gateway).map((p) => ({ userId: p.user.id, conversationId: group.id, seq: upTo })),
              }),
            ),
          );
          batches += 3;
        };
        const gateways = (async () => {
          while (sending) {
            await flush();
            await new Promise((resolve) => setTimeout(resolve, pick(3)));
          }
          await flush(); // the messages that went out after the last one
        })();
        await Promise.all([senders, gateways]);
        await expectStatusesFollowTheRule(owner, group.id);
      }
      expect(batches).toBeGreaterThan(30);
      // The last flushes gave everyone everything: every message ends delivered (or read, by a later author).
      const final = await expectStatusesFollowTheRule(owner, group.id);
      expect(final.map((m) => m.seq)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
      expect(final.every((m) => m.status === DELIVERED || m.status === READ)).toBe(true);

      // The announcements, applied as maximums, arrive at the stored statuses; no delivered move announced a marker.
      const seen = new Map<number, { authorId: number; status: MessageStatus }>();
      const stream = (await t.events.readAfter(start, 100_000)).map(decoded).filter((e) => e.conversationId === group.id);
      for (const event of stream) {
        if (event.type === 'message_added') seen.set(event.message!.seq, { authorId: event.message!.authorId, status: event.message!.status });
        if (event.type === 'message_status_changed') {
          for (const [seq, m] of seen) if (m.authorId === event.userId && seq <= event.upToSeq!) m.status = later(m.status, event.status);
        }
      }
      expect([...seen.entries()].sort(([a], [b]) => a - b).map(([, m]) => m.status)).toEqual(final.map((m) => m.status));
      // Markers announced only by sends moving their authors' read markers, at most one per send.
      expect(stream.filter((e) => e.type === 'marker_moved').length).toBeLessThanOrEqual(200);
    });
  });
});
