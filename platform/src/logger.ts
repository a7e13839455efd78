import pino from 'pino';

export type Logger = pino.Logger;

/** The one structured logger: JSON lines on stdout, one child per component. */
export function createLogger(name: string, level = 'info'): Logger {
  return pino({ name, level, base: { service: name } });
}
