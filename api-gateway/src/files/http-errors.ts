import { ChatError, ErrorCode, HTTP_STATUS, fromServiceError, httpErrorBody, type Logger } from '@charla/platform';
import type { Response } from 'express';

/**
 * The file routes' answer to a failure, in the REST error shape. A file that is not there
 * and one the caller may not see look the same (404), so nobody learns what exists; a file
 * over the limit is 413, a range past the end 416.
 */
export function sendFileError(res: Response, error: unknown, log: Logger): void {
  const chat = error instanceof ChatError ? error : fromServiceError(error);
  if (chat.code === ErrorCode.Internal) log.error({ err: error }, 'a file request failed');
  if (res.headersSent) {
    res.destroy();
    return;
  }
  let status = HTTP_STATUS[chat.code];
  if (chat.code === ErrorCode.PermissionDenied || chat.code === ErrorCode.Unauthenticated) status = chat.reason === 'FILE_AUTH' ? 401 : 404;
  if (chat.code === ErrorCode.ResourceExhausted && chat.reason === 'FILE_TOO_LARGE') status = 413;
  if (chat.reason === 'RANGE_NOT_SATISFIABLE') status = 416;
  const body = httpErrorBody(chat);
  res.status(status).json({ error: { ...body.error, code: status } });
}
