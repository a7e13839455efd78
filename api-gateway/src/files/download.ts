import { bearerToken, notFound, type CallAuth, type Logger } from '@charla/platform';
import { AttachmentVariant, type DownloadAttachmentRequest, type DownloadAttachmentResponse } from '@charla/proto/messages';
import type { ClientReadableStream } from '@grpc/grpc-js';
import { Router, type Request, type Response } from 'express';
import { contentDisposition, FILE_SECURITY_HEADERS, rangeOf } from './headers';
import { sendFileError } from './http-errors';
import type { FileUrls, FileVariant } from './signing';

/** The gRPC download, as clients/messages.ts opens it. */
export type OpenDownload = (request: Partial<DownloadAttachmentRequest>, auth: CallAuth) => ClientReadableStream<DownloadAttachmentResponse>;

export interface DownloadDeps {
  openDownload: OpenDownload;
  urls: FileUrls;
  log: Logger;
}

/**
 * Who a file request acts for: a valid, unexpired signature from a URL this gateway signed
 * (the gateway's own credential then: the URL was handed to a member), or the caller's own
 * Bearer token (messages-service checks they are a member). Anything else: 404.
 */
function authOf(req: Request, urls: FileUrls, attachmentId: number, variant: FileVariant): CallAuth {
  const { expires, signature } = req.query;
  if (signature !== undefined || expires !== undefined) {
    if (urls.verify(attachmentId, variant, expires, signature)) return 'service';
    throw notFound('file', 'FILE_NOT_FOUND');
  }
  const token = bearerToken(req.headers.authorization);
  if (!token) throw notFound('file', 'FILE_NOT_FOUND');
  return { token };
}

/** Waits until the socket takes more, or the reader went away; leaves no listener behind. */
function drainedOrClosed(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/**
 * Streams the bytes from DownloadAttachment to the response: the next chunk is read from
 * gRPC only once the socket took the last one, so a slow browser holds the service back.
 */
async function serve(req: Request, res: Response, variant: FileVariant, deps: DownloadDeps): Promise<void> {
  if (!/^\d{1,15}$/.test(String(req.params.attachmentId))) throw notFound('file', 'FILE_NOT_FOUND');
  const attachmentId = Number(req.params.attachmentId);
  const auth = authOf(req, deps.urls, attachmentId, variant);
  const range = rangeOf(req.headers.range);
  const stream = deps.openDownload(
    { attachmentId, variant: variant === 'thumbnail' ? AttachmentVariant.ATTACHMENT_VARIANT_THUMBNAIL : AttachmentVariant.ATTACHMENT_VARIANT_ORIGINAL, ...range },
    auth,
  );
  res.once('close', () => stream.cancel());
  for await (const frame of stream as AsyncIterable<DownloadAttachmentResponse>) {
    if (frame.metadata) {
      const { attachment, contentType, totalSize, offset, length } = frame.metadata;
      res.status(range ? 206 : 200);
      res.set({
        ...FILE_SECURITY_HEADERS,
        'Content-Type': contentType,
        'Content-Length': String(length),
        'Accept-Ranges': 'bytes',
        'Content-Disposition': contentDisposition(contentType, variant === 'thumbnail' ? `thumbnail-${attachment?.name ?? 'file'}.webp` : (attachment?.name ?? 'file')),
        // Files never change; a signed URL lives for its period, a Bearer response for the viewer alone.
        'Cache-Control': 'private, max-age=3600',
        ETag: `"${attachmentId}-${variant}"`,
      });
      if (range) res.set('Content-Range', `bytes ${offset}-${offset + length - 1}/${totalSize}`);
      if (req.method === 'HEAD' || length === 0) break;
      res.flushHeaders();
    } else if (frame.chunk && !res.write(frame.chunk)) {
      await drainedOrClosed(res);
    }
  }
  res.end();
}

/** GET /v1/files/:attachmentId and /v1/files/:attachmentId/thumbnail (HEAD too): members only, Range requests answered with 206. */
export function downloadRoutes(deps: DownloadDeps): Router {
  const router = Router();
  const handle = (variant: FileVariant) => (req: Request, res: Response) =>
    serve(req, res, variant, deps).catch((error: unknown) => sendFileError(res, error, deps.log));
  router.get('/v1/files/:attachmentId', handle('original'));
  router.get('/v1/files/:attachmentId/thumbnail', handle('thumbnail'));
  return router;
}
