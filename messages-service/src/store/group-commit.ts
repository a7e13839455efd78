import { groupCommitSends, outsideRequests } from '@charla/platform';

interface Waiting<In, Out> {
  input: In;
  resolve: (output: Out) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: what is submitted while a batch is being stored waits here, and the next batch
 * stores all of it (up to `most`) in submission order, with one commit for all. If a batch
 * fails, its entries run again one at a time, so only the bad ones fail.
 */
export class GroupCommit<In, Out> {
  private readonly waiting: Waiting<In, Out>[] = [];
  private draining = false;

  constructor(
    /** The most one batch stores; 1 stores each entry on its own. */
    private readonly most: number,
    /** Stores a batch in one transaction; answers one output per input, in order. */
    private readonly commit: (batch: In[]) => Promise<Out[]>,
  ) {}

  submit(input: In): Promise<Out> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ input, resolve, reject });
      // The drain serves everyone's sends, not the request that happened to start it. It
      // starts once the turn's promise chains have run (process.nextTick), so the sends of one
      // turn (a gateway's SendMessages) share the first batch instead of the first one
      // committing alone and the rest waiting for it.
      if (!this.draining) {
        this.draining = true;
        outsideRequests(() => process.nextTick(() => void this.drain()));
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.waiting.length > 0) {
        const batch = this.waiting.splice(0, this.most);
        groupCommitSends.observe(batch.length);
        try {
          const outputs = await this.commit(batch.map((entry) => entry.input));
          batch.forEach((entry, i) => entry.resolve(outputs[i]));
        } catch (error) {
          if (batch.length === 1) {
            batch[0].reject(error);
            continue;
          }
          for (const entry of batch) {
            await this.commit([entry.input]).then(([output]) => entry.resolve(output), entry.reject);
          }
        }
      }
    } finally {
      this.draining = false;
    }
  }
}
