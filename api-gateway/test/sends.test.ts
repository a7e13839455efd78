import { ChatError, ErrorCode, isChatError } from '@charla/platform';
import type { SendMessageResponse } from '@charla/proto/messages';
import { Sends, type BatchedSend, type SendOutcome } from '../src/clients/sends';

/** A transport whose batches finish when the test says so. */
function fakeTransport() {
  const batches: { sends: BatchedSend[]; finish: (outcomes?: SendOutcome[]) => void }[] = [];
  const transport = (sends: BatchedSend[]) =>
    new Promise<SendOutcome[]>((resolve) => {
      batches.push({ sends, finish: (outcomes) => resolve(outcomes ?? sends.map((send) => ({ message: { body: send.request.body } }) as SendMessageResponse)) });
    });
  return { batches, transport };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));
const settle = <T>(promise: Promise<T>) => promise.then((value) => ({ value }), (error: unknown) => ({ error: error as ChatError }));
const send = (sends: Sends, body: string, token = 'token-ana') => settle(sends.send({ conversationId: 1, body }, { token }));

describe('the gateway\'s sends', () => {
  it('sends the sends of one round of the loop as one batch, in order, and answers each its own outcome', async () => {
    const { batches, transport } = fakeTransport();
    const sends = new Sends(transport, { maxInFlight: 100, maxWaitMs: 1_000 });
    const answers = ['one', 'two', 'three'].map((body) => send(sends, body));
    await turn();
    expect(batches).toHaveLength(1);
    expect(batches[0].sends.map((s) => s.request.body)).toEqual(['one', 'two', 'three']);
    const refusal = new ChatError(ErrorCode.PermissionDenied, 'not a member');
    batches[0].finish([{ message: { body: 'one' } } as SendMessageResponse, refusal, { message: { body: 'three' } } as SendMessageResponse]);
    const [one, two, three] = await Promise.all(answers);
    expect(one).toEqual({ value: { message: { body: 'one' } } });
    expect(two).toEqual({ error: refusal });
    expect(three).toEqual({ value: { message: { body: 'three' } } });
  });

  it('keeps at most maxInFlight at messages-service; the rest wait their turn in order', async () => {
    const { batches, transport } = fakeTransport();
    const sends = new Sends(transport, { maxInFlight: 2, maxWaitMs: 60_000 });
    const answers = ['a', 'b', 'c', 'd'].map((body) => send(sends, body));
    await turn();
    expect(batches.map((b) => b.sends.map((s) => s.request.body))).toEqual([['a', 'b']]);
    batches[0].finish();
    await turn();
    expect(batches.map((b) => b.sends.map((s) => s.request.body))).toEqual([['a', 'b'], ['c', 'd']]);
    batches[1].finish();
    expect((await Promise.all(answers)).map((a) => ('value' in a ? a.value.message?.body : a.error))).toEqual(['a', 'b', 'c', 'd']);
  });

  it('refuses at once, with TOO_MANY_REQUESTS\'s code and a retry hint, what would wait too long; takes sends again once drained', async () => {
    const { batches, transport } = fakeTransport();
    const sends = new Sends(transport, { maxInFlight: 2, maxWaitMs: 0 });
    const answers = ['a', 'b', 'c'].map((body) => send(sends, body));
    await turn();
    const third = await answers[2];
    expect('error' in third && isChatError(third.error) && third.error.code).toBe(ErrorCode.ResourceExhausted);
    expect('error' in third && third.error.retryAfterMs).toBeGreaterThan(0);
    expect(batches[0].sends.map((s) => s.request.body)).toEqual(['a', 'b']);
    batches[0].finish();
    await Promise.all(answers.slice(0, 2));
    const again = send(sends, 'd');
    await turn();
    batches[1].finish();
    expect(await again).toEqual({ value: { message: { body: 'd' } } });
  });

  it('refuses a waiting send once it waited past the bound, even while messages-service answers nothing', async () => {
    const { batches, transport } = fakeTransport();
    const sends = new Sends(transport, { maxInFlight: 1, maxWaitMs: 20 });
    const [stuck, waiting] = [send(sends, 'stuck'), send(sends, 'waiting')];
    const refused = await waiting;
    expect('error' in refused && refused.error.code).toBe(ErrorCode.ResourceExhausted);
    batches[0].finish();
    expect(await stuck).toEqual({ value: { message: { body: 'stuck' } } });
  });

  it('fails every send of a batch whose call failed, and only those', async () => {
    const { batches, transport } = fakeTransport();
    const failing = new Sends(async (list) => (list[0].request.body === 'doomed' ? Promise.reject(new ChatError(ErrorCode.Unavailable, 'gone')) : transport(list)), { maxInFlight: 10, maxWaitMs: 1_000 });
    const doomed = await send(failing, 'doomed');
    expect('error' in doomed && doomed.error.code).toBe(ErrorCode.Unavailable);
    const fine = send(failing, 'fine');
    await turn();
    batches[0].finish();
    expect(await fine).toEqual({ value: { message: { body: 'fine' } } });
  });
});
