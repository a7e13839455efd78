// A load-generator worker: holds some of a scenario's receiving sockets (one process may hold
// only so many file descriptors) and answers the phase's questions over IPC (bench/lib/remote.ts).
import { Receivers } from './deliveries';
import { openReceiver } from './sockets';
import type { ReceiverSpec } from './system';

export type WorkerRequest =
  | { id: number; type: 'open'; spec: ReceiverSpec; tokens: string[]; count: number }
  | { id: number; type: 'begin'; base: number }
  | { id: number; type: 'reached'; seq: number }
  | { id: number; type: 'settle'; last: number; idleMs: number }
  | { id: number; type: 'verdict'; base: number; last: number }
  | { id: number; type: 'close' };

let receivers: Receivers | undefined;

async function answer(request: WorkerRequest): Promise<unknown> {
  switch (request.type) {
    case 'open': {
      const { spec, tokens, count } = request;
      receivers = await Receivers.open({ users: tokens.map((token) => ({ username: '', token })), receiver: (user, onMessage) => openReceiver(spec, user.token, onMessage) }, count, false);
      return count;
    }
    case 'begin':
      return receivers!.begin(request.base);
    case 'reached':
      return receivers!.reached(request.seq);
    case 'settle':
      return receivers!.settle(request.last, request.idleMs);
    case 'verdict':
      return receivers!.verdict(request.base, request.last);
    case 'close':
      receivers?.close();
      return undefined;
    default: {
      const unknown: never = request;
      throw new Error(`unknown request ${JSON.stringify(unknown)}`);
    }
  }
}

process.on('message', (request: WorkerRequest) => {
  answer(request).then(
    (value) => process.send!({ id: request.id, value }),
    (error: unknown) => process.send!({ id: request.id, error: error instanceof Error ? error.message : String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
