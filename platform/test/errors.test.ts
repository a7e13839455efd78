import { Metadata, status as GrpcCode } from '@grpc/grpc-js';
import express from 'express';
import type { AddressInfo } from 'node:net';
import {
  ChatError,
  ErrorCode,
  alreadyExists,
  createLogger,
  fromServiceError,
  httpErrorHandler,
  invalidArgument,
  notFound,
  resourceExhausted,
  toStatusObject,
} from '../src';

const log = createLogger('test', 'silent');

/** What a gRPC client receives: the status object the server sends, as a ServiceError. */
function asReceived(error: unknown) {
  const status = toStatusObject(error, log);
  return Object.assign(new Error(status.details), { code: status.code, details: status.details, metadata: status.metadata ?? new Metadata() });
}

describe('gRPC error mapping', () => {
  it('sends a bad field as INVALID_ARGUMENT with ErrorInfo and BadRequest details', () => {
    const received = fromServiceError(asReceived(invalidArgument('username', 'must be 3–32 characters')));
    expect(asReceived(invalidArgument('username', 'x')).code).toBe(GrpcCode.INVALID_ARGUMENT);
    expect(received.code).toBe(ErrorCode.InvalidArgument);
    expect(received.reason).toBe('INVALID_FIELD');
    expect(received.violations).toEqual([{ field: 'username', description: 'must be 3–32 characters' }]);
  });

  it.each([
    [notFound('conversation'), GrpcCode.NOT_FOUND, ErrorCode.NotFound],
    [alreadyExists('email', 'email is taken'), GrpcCode.ALREADY_EXISTS, ErrorCode.AlreadyExists],
    [new ChatError(ErrorCode.PermissionDenied, 'only the author may edit'), GrpcCode.PERMISSION_DENIED, ErrorCode.PermissionDenied],
    [new ChatError(ErrorCode.Unauthenticated, 'bad token'), GrpcCode.UNAUTHENTICATED, ErrorCode.Unauthenticated],
  ])('keeps %s across the wire', (error, grpcCode, domainCode) => {
    const wire = asReceived(error);
    expect(wire.code).toBe(grpcCode);
    const back = fromServiceError(wire);
    expect(back.code).toBe(domainCode);
    expect(back.message).toBe(error.message);
  });

  it('carries a refusal\'s retry hint as google.rpc.RetryInfo', () => {
    const wire = asReceived(resourceExhausted('too many sends at once', 'SENDS_BUSY', 1_250));
    expect(wire.code).toBe(GrpcCode.RESOURCE_EXHAUSTED);
    const back = fromServiceError(wire);
    expect(back).toMatchObject({ code: ErrorCode.ResourceExhausted, reason: 'SENDS_BUSY', retryAfterMs: 1_250 });
    expect(fromServiceError(asReceived(notFound('conversation'))).retryAfterMs).toBeUndefined();
  });

  it('answers an unexpected error with INTERNAL and no internals', () => {
    const wire = asReceived(new TypeError('cannot read properties of undefined (secret stack)'));
    expect(wire.code).toBe(GrpcCode.INTERNAL);
    expect(wire.details).toBe('internal error');
    expect(fromServiceError(wire).message).toBe('internal error');
  });

  it('treats an unreachable service as UNAVAILABLE', () => {
    const down = Object.assign(new Error('14 UNAVAILABLE: No connection established'), {
      code: GrpcCode.UNAVAILABLE,
      details: 'No connection established',
      metadata: new Metadata(),
    });
    expect(fromServiceError(down).code).toBe(ErrorCode.Unavailable);
  });
});

describe('HTTP error mapping', () => {
  let base: string;
  let close: () => void;

  beforeAll(async () => {
    const app = express();
    app.use(express.json({ limit: '1kb' }));
    app.post('/echo', (req, res) => {
      res.json(req.body);
    });
    app.get('/missing', () => {
      throw notFound('user');
    });
    app.get('/bad', () => {
      throw invalidArgument('email', 'is not an email address');
    });
    app.get('/busy', () => {
      throw resourceExhausted('too many at once', 'BUSY', 1_500);
    });
    app.get('/bug', () => {
      throw new Error('database password is hunter2');
    });
    app.use(httpErrorHandler(log));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });
  afterAll(() => close());

  it('maps domain errors to their HTTP status with a JSON body', async () => {
    const missing = await fetch(`${base}/missing`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { status: 'NOT_FOUND', message: 'user not found' } });
    const bad = await fetch(`${base}/bad`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { fieldViolations: unknown } }).error.fieldViolations).toEqual([{ field: 'email', description: 'is not an email address' }]);
  });

  it('answers a refusal that will pass with 429, Retry-After (seconds) and retryAfterMs', async () => {
    const busy = await fetch(`${base}/busy`);
    expect(busy.status).toBe(429);
    expect(busy.headers.get('retry-after')).toBe('2');
    expect(await busy.json()).toMatchObject({ error: { status: 'RESOURCE_EXHAUSTED', reason: 'BUSY', retryAfterMs: 1_500 } });
  });

  it('hides internals of unexpected errors', async () => {
    const response = await fetch(`${base}/bug`);
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain('hunter2');
  });

  it('answers malformed JSON with 400 and an oversized body with 413', async () => {
    const malformed = await fetch(`${base}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":' });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: { reason: string } }).error.reason).toBe('MALFORMED_JSON');
    const huge = await fetch(`${base}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ a: 'x'.repeat(5000) }),
    });
    expect(huge.status).toBe(413);
  });
});
