import { invalidArgument } from '@charla/platform';
import { requireService, type Callers } from './callers';
import type { Messages } from './messages';
import type { Caller, Message } from './types';
import { LIMITS } from './validation';

/** One send of a gateway's batch: who sends (their token) and what. */
export interface BatchedSend {
  token: string;
  request: Parameters<Messages['send']>[1];
}

/** What became of one send: its message, or the error that refused it (that send's alone). */
export type BatchedOutcome = { message: Message } | { error: unknown };

/**
 * A gateway's batch of sends (service credential only). Each send is its own user's, checked
 * and stored exactly as a single send would be; together they share the access lookups and the
 * group commit. The senders are known first, so the sends are submitted in the batch's order.
 */
export class SendBatches {
  constructor(
    private readonly callers: Callers,
    private readonly messages: Messages,
  ) {}

  async send(caller: Caller, sends: BatchedSend[]): Promise<BatchedOutcome[]> {
    requireService(caller);
    if (sends.length > LIMITS.sendBatchMax) throw invalidArgument('sends', `at most ${LIMITS.sendBatchMax} in one call`);
    const senders = await Promise.all(sends.map(({ token }) => this.callers.of(token).then((sender) => ({ sender }), (error: unknown) => ({ error }))));
    return Promise.all(
      sends.map(async ({ request }, i): Promise<BatchedOutcome> => {
        const who = senders[i];
        if ('error' in who) return who;
        try {
          return { message: (await this.messages.send(who.sender, request)).message };
        } catch (error) {
          return { error };
        }
      }),
    );
  }
}
