import { UploadError, type Attachment, type FileLike } from '../state/uploads';

/** The gateway's upload route: one multipart part named `file`. */
export const uploadPath = (conversationId: string) => `/v1/conversations/${encodeURIComponent(conversationId)}/files`;

/** Why an upload did not go through, in words for the person who chose the file. */
function failure(status: number, reason: string | undefined): UploadError {
  if (status === 401) return new UploadError('Your session ended. Sign in again.', false, true);
  if (status === 413) return new UploadError('The file is too large.', false);
  if (status === 404) return new UploadError('You are no longer in this conversation.', false);
  if (status === 400) return new UploadError(reason ? `Not accepted: ${reason}` : 'The file was not accepted.', false);
  if (status === 429) return new UploadError('Too many uploads at once. Try again in a moment.', true);
  return new UploadError(status === 0 ? 'Upload failed: the connection was lost.' : 'Upload failed: the server is unavailable.', true);
}

/**
 * Sends one file with XMLHttpRequest (fetch reports no upload progress), with the token in a
 * header; `cancel` aborts it. The promise rejects with an UploadError.
 */
export function uploadFile(token: string, conversationId: string, file: FileLike, progress: (sent: number, total: number) => void): { done: Promise<Attachment>; cancel(): void } {
  const request = new XMLHttpRequest();
  const done = new Promise<Attachment>((resolve, reject) => {
    request.open('POST', uploadPath(conversationId));
    request.setRequestHeader('authorization', `Bearer ${token}`);
    request.responseType = 'json';
    request.upload.onprogress = (event) => progress(event.loaded, event.lengthComputable ? event.total : file.size);
    request.onload = () => {
      const body = request.response as (Attachment & { error?: { message?: string } }) | null;
      if (request.status === 201 && body) resolve(body);
      else reject(failure(request.status, body?.error?.message));
    };
    request.onerror = () => reject(failure(0, undefined));
    request.onabort = () => reject(new UploadError('Cancelled.', true));
    const form = new FormData();
    form.append('file', file as File, file.name);
    request.send(form);
  });
  return { done, cancel: () => request.abort() };
}
