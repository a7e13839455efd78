import { writeSync } from 'node:fs';
import pino from 'pino';
import { currentRequestId } from './request-id';

export type Logger = pino.Logger;

/** Every line logged while serving a request names it: `requestId`, the same in every part. */
const requestIdOfLine = () => {
  const requestId = currentRequestId();
  return requestId === undefined ? {} : { requestId };
};

const wait = new Int32Array(new SharedArrayBuffer(4));
/** A stdout that stays full this long is given up on for that line. */
const FULL_WAIT_MS = 200;

/**
 * Where the lines go: stdout, written at once. Unlike pino's default (sonic-boom), which retries
 * a failed write forever, a stdout that is gone (the supervisor that read it was killed) is
 * given up: the lines are dropped, so logging never stops the part from stopping or exiting.
 */
const stdout = {
  gone: false,
  write(line: string): void {
    if (this.gone) return;
    let bytes = Buffer.from(line);
    const until = Date.now() + FULL_WAIT_MS;
    while (bytes.length > 0) {
      try {
        bytes = bytes.subarray(writeSync(1, bytes));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'EAGAIN' || Date.now() > until) {
          this.gone = code !== 'EAGAIN';
          return;
        }
        Atomics.wait(wait, 0, 0, 1);
      }
    }
  },
};

/** The one structured logger: JSON lines on stdout, one child per component. */
export function createLogger(name: string, level = 'info'): Logger {
  return pino({ name, level, base: { service: name }, mixin: requestIdOfLine }, stdout);
}
