import { ChatError, ErrorCode, invalidArgument, resourceExhausted, unauthenticated, type Logger } from '@charla/platform';
import type { UploadAttachmentRequest, UploadAttachmentResponse } from '@charla/proto/messages';
import type { ClientWritableStream, ServiceError } from '@grpc/grpc-js';
import busboy from 'busboy';
import type { Request, RequestHandler, Response } from 'express';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import type { TokenCheck } from '../auth/tokens';
import type { Viewer } from '../auth/viewer';
import { bearerToken } from '@charla/platform';
import { attachmentJson } from './attachment-json';
import type { GatewayFilesConfig } from './config';
import { sendFileError } from './http-errors';
import type { FileUrls } from './signing';

/** The gRPC upload, as clients/messages.ts opens it. */
export type OpenUpload = (
  token: string,
  done: (error: ServiceError | null, response?: UploadAttachmentResponse) => void,
) => ClientWritableStream<UploadAttachmentRequest>;

export interface UploadDeps {
  tokens: Pick<TokenCheck, 'authenticate'>;
  openUpload: OpenUpload;
  urls: FileUrls;
  config: Pick<GatewayFilesConfig, 'maxFileBytes'>;
  log: Logger;
}

const CHUNK = 64 * 1024;
/** Room for the multipart framing around the file in a request's Content-Length. */
const MULTIPART_SLACK = 64 * 1024;

async function viewerOf(req: Request, tokens: UploadDeps['tokens']): Promise<Viewer> {
  const token = bearerToken(req.headers.authorization);
  if (!token) throw unauthenticated('send Authorization: Bearer <token>', 'FILE_AUTH');
  try {
    return await tokens.authenticate(token);
  } catch (error) {
    if (error instanceof ChatError && error.code === ErrorCode.Unauthenticated) throw unauthenticated(error.message, 'FILE_AUTH');
    throw error;
  }
}

/**
 * Streams one file part into UploadAttachment: each piece is asked of the request only once
 * the gRPC stream took the previous one, so the whole file is never in memory (a slow
 * service holds the browser back, through the socket). Resolves with the stored attachment.
 */
async function forward(file: Readable, name: string, conversationId: number, token: string, open: OpenUpload): Promise<UploadAttachmentResponse> {
  let settle!: { resolve: (r: UploadAttachmentResponse) => void; reject: (e: unknown) => void };
  const result = new Promise<UploadAttachmentResponse>((resolve, reject) => (settle = { resolve, reject }));
  const call = open(token, (error, response) => (error ? settle.reject(error) : settle.resolve(response!)));
  let tooLarge = false;
  file.once('limit', () => {
    tooLarge = true;
    call.cancel();
  });
  try {
    call.write({ metadata: { conversationId, name, declaredSize: 0 }, chunk: undefined });
    for await (const piece of file as AsyncIterable<Buffer>) {
      for (let at = 0; at < piece.length; at += CHUNK) {
        if (tooLarge) break;
        if (!call.write({ metadata: undefined, chunk: piece.subarray(at, at + CHUNK) })) await Promise.race([once(call, 'drain'), result]);
      }
    }
    if (tooLarge) throw resourceExhausted('the file is larger than the limit', 'FILE_TOO_LARGE');
    call.end();
  } catch (error) {
    call.cancel();
    file.resume();
    result.catch(() => undefined);
    throw tooLarge ? resourceExhausted('the file is larger than the limit', 'FILE_TOO_LARGE') : error;
  }
  try {
    return await result;
  } catch (error) {
    if (tooLarge) throw resourceExhausted('the file is larger than the limit', 'FILE_TOO_LARGE');
    throw error;
  }
}

/** After an early answer, the rest of the request is read and dropped, so the client sees the answer rather than a reset. */
function drain(req: Request, res: Response): void {
  res.setHeader('Connection', 'close');
  req.unpipe();
  req.resume();
}

/**
 * POST /v1/conversations/:conversationId/files: multipart/form-data with one part named
 * `file`. 201 with the attachment; 401 without a valid token, 404 for a non-member, 400
 * without a `file` part, 413 over MAX_FILE_BYTES.
 */
export function uploadRoute({ tokens, openUpload, urls, config, log }: UploadDeps): RequestHandler {
  return async (req, res) => {
    try {
      const viewer = await viewerOf(req, tokens);
      if (!/^\d{1,15}$/.test(String(req.params.conversationId))) throw invalidArgument('conversationId', 'must be a conversation id');
      const conversationId = Number(req.params.conversationId);
      if (!req.is('multipart/form-data')) throw invalidArgument('file', 'send multipart/form-data with one part named "file"');
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > config.maxFileBytes + MULTIPART_SLACK) throw resourceExhausted(`the file is larger than ${config.maxFileBytes} bytes`, 'FILE_TOO_LARGE');

      // busboy calls a file that reaches fileSize too large: one byte more lets a file of exactly the limit through.
      const parser = busboy({ headers: req.headers, limits: { files: 1, fileSize: config.maxFileBytes + 1, fields: 10, fieldSize: 1024, parts: 20 } });
      const uploaded = new Promise<UploadAttachmentResponse | undefined>((resolve, reject) => {
        let upload: Promise<UploadAttachmentResponse> | undefined;
        parser.on('file', (field, stream, info) => {
          if (field !== 'file' || upload) return void stream.resume();
          upload = forward(stream, info.filename ?? 'file', conversationId, viewer.token, openUpload);
          upload.catch(reject);
        });
        parser.on('error', (error) => reject(invalidArgument('file', `the multipart body is malformed: ${(error as Error).message}`)));
        parser.on('close', () => (upload ? upload.then(resolve, reject) : resolve(undefined)));
      });
      req.pipe(parser);
      const response = await uploaded;
      if (!response?.attachment) throw invalidArgument('file', 'send the file in a part named "file"');
      res.status(201).json(attachmentJson(response.attachment, urls));
    } catch (error) {
      if (!req.complete) drain(req, res);
      sendFileError(res, error, log);
    }
  };
}
