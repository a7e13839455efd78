import { ChatError, ErrorCode, fromStatusBytes, resourceExhausted, type CallAuth, type Rpc } from '@charla/platform';
import { SendMessageRequest, type SendMessageResponse, type SendMessagesRequest, type SendMessagesResponse } from '@charla/proto/messages';

/** One send of a batch: the request and the token of the user who sends it. */
export interface BatchedSend {
  request: Partial<SendMessageRequest>;
  token: string;
}

/** What became of one send of a batch: its stored message, or its own refusal. */
export type SendOutcome = SendMessageResponse | ChatError;

/** Carries a batch to messages-service and answers one outcome per send, in order. */
export type SendTransport = (sends: BatchedSend[]) => Promise<SendOutcome[]>;

export interface SendAdmission {
  /** Sends at messages-service (sent, not yet answered) at most; more wait here. */
  maxInFlight: number;
  /** The longest a send may expect to wait here for its turn; past it, it is refused. */
  maxWaitMs: number;
}

interface Waiting {
  send: BatchedSend;
  since: number;
  resolve: (response: SendMessageResponse) => void;
  reject: (error: unknown) => void;
}

/** Until sends have been timed, how many a second messages-service is assumed to store. */
const FIRST_GUESS_PER_SECOND = 1_000;

/**
 * The gateway's sends to messages-service. The sends of one round of the event loop (what its
 * sockets and requests brought in) go as one batch (one call instead of one each); at most `maxInFlight` are at messages-service at once,
 * the rest wait here in order. A send that would wait longer than `maxWaitMs` is refused at
 * once with TOO_MANY_REQUESTS and a retry hint, and so is one that waited that long anyway:
 * under overload the gateway keeps answering at the rate messages-service stores, and refuses
 * the rest cheaply, instead of piling sends up until they time out as UNAVAILABLE.
 */
export class Sends {
  private readonly waiting: Waiting[] = [];
  private inFlight = 0;
  private scheduled = false;
  private expiry: NodeJS.Timeout | undefined;
  /** Sends answered per second lately, measured over windows of a quarter second. */
  private perSecond = FIRST_GUESS_PER_SECOND;
  private window = { since: performance.now(), answered: 0 };

  constructor(
    private readonly transport: SendTransport,
    private readonly admission: SendAdmission,
  ) {}

  /** The messages client's sendMessage, batched and admitted. */
  send = (request: Partial<SendMessageRequest>, auth: CallAuth): Promise<SendMessageResponse> => {
    if (typeof auth !== 'object') return Promise.reject(new ChatError(ErrorCode.Unauthenticated, 'a send acts for a signed-in user'));
    const refusal = this.refusal();
    if (refusal) return Promise.reject(refusal);
    return new Promise((resolve, reject) => {
      this.waiting.push({ send: { request, token: auth.token }, since: performance.now(), resolve, reject });
      this.schedule();
    });
  };

  /**
   * The refusal (TOO_MANY_REQUESTS with a retry hint) a send arriving now gets, or undefined
   * when it would be taken: the socket asks before executing a send, so that under overload a
   * refusal costs no GraphQL execution.
   */
  refusal = (): ChatError | undefined => {
    const wait = this.expectedWaitMs();
    return wait > this.admission.maxWaitMs ? this.busy(wait) : undefined;
  };

  /** How long a send arriving now would wait here before it is sent. */
  private expectedWaitMs(): number {
    const free = this.admission.maxInFlight - this.inFlight;
    const ahead = this.waiting.length - free;
    return ahead < 0 ? 0 : ((ahead + 1) / this.perSecond) * 1000;
  }

  /** Counts answered sends; a window that saw sends waiting says how many a second go through. */
  private answered(count: number): void {
    const now = performance.now();
    this.window.answered += count;
    const elapsed = now - this.window.since;
    if (elapsed < 250) return;
    const rate = (this.window.answered / elapsed) * 1000;
    // Only a busy window measures capacity; an idle one says only that little was asked.
    if (this.waiting.length > 0 || rate > this.perSecond) this.perSecond = 0.5 * this.perSecond + 0.5 * rate;
    this.window = { since: now, answered: 0 };
  }

  private busy(waitMs: number): ChatError {
    return resourceExhausted('too many messages are being sent right now; try again shortly', 'SENDS_BUSY', Math.max(50, waitMs - this.admission.maxWaitMs));
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // After this round of the loop's I/O: the sends read from every socket in it go together.
    setImmediate(() => {
      this.scheduled = false;
      this.dispatch();
    });
  }

  private dispatch(): void {
    const room = this.admission.maxInFlight - this.inFlight;
    const batch = room > 0 ? this.waiting.splice(0, room) : [];
    // Those still without room that waited past the bound are refused (retryable), not sent late.
    const now = performance.now();
    while (this.waiting.length > 0 && now - this.waiting[0].since > this.admission.maxWaitMs) this.waiting.shift()!.reject(this.busy(this.expectedWaitMs()));
    // A messages-service that answers nothing must not hold the waiting ones past the bound either.
    if (this.waiting.length > 0 && !this.expiry) {
      this.expiry = setTimeout(() => {
        this.expiry = undefined;
        this.dispatch();
      }, this.admission.maxWaitMs + 1);
      this.expiry.unref();
    }
    if (batch.length === 0) return;
    this.inFlight += batch.length;
    this.transport(batch.map((entry) => entry.send)).then(
      (outcomes) => {
        this.answered(batch.length);
        batch.forEach((entry, i) => {
          const outcome = outcomes[i];
          if (outcome instanceof ChatError) entry.reject(outcome);
          else entry.resolve(outcome);
        });
      },
      (error: unknown) => batch.forEach((entry) => entry.reject(error)),
    ).finally(() => {
      this.inFlight -= batch.length;
      if (this.waiting.length > 0) this.dispatch();
    });
  }
}

/** A batch as one SendMessages call (service credential): each result its message, or its own refusal decoded. */
export function asOneCall(sendMessages: Rpc<SendMessagesRequest, SendMessagesResponse>): SendTransport {
  return async (sends) => {
    const { results } = await sendMessages({ sends: sends.map(({ request, token }) => ({ token, request: SendMessageRequest.fromPartial(request) })) }, 'service');
    if (results.length !== sends.length) throw new ChatError(ErrorCode.Internal, 'internal error', { reason: 'BATCH_MISMATCH' });
    return results.map((result) => (result.message ? { message: result.message } : fromStatusBytes(result.status)));
  };
}
