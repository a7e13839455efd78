import { ChatError, ErrorCode } from '@charla/platform';

/** A field the service contract promises in its answer; its absence is a service bug. */
export function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new ChatError(ErrorCode.Internal, `the service answered without a ${what}`);
  return value;
}
