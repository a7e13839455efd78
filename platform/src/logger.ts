import pino from 'pino';
import { currentRequestId } from './request-id';

export type Logger = pino.Logger;

/** Every line logged while serving a request names it: `requestId`, the same in every part. */
const requestIdOfLine = () => {
  const requestId = currentRequestId();
  return requestId === undefined ? {} : { requestId };
};

/** The one structured logger: JSON lines on stdout, one child per component. */
export function createLogger(name: string, level = 'info'): Logger {
  return pino({ name, level, base: { service: name }, mixin: requestIdOfLine });
}
