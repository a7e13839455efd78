import { readableSize, UploadError, Uploads, type Attachment, type FileLike, type UploadFile } from '../src/state/uploads';

/** An upload port whose calls the test finishes by hand. */
function fakeUploads() {
  const calls: { conversationId: string; file: FileLike; progress: (sent: number, total: number) => void; resolve(a: Attachment): void; reject(e: unknown): void; cancelled: boolean }[] = [];
  const upload: UploadFile = (conversationId, file, progress) => {
    let resolve!: (a: Attachment) => void;
    let reject!: (e: unknown) => void;
    const done = new Promise<Attachment>((ok, fail) => ((resolve = ok), (reject = fail)));
    const call = { conversationId, file, progress, resolve, reject, cancelled: false };
    calls.push(call);
    return { done, cancel: () => ((call.cancelled = true), reject(new UploadError('Cancelled.', true))) };
  };
  let n = 0;
  let signedOut = 0;
  const uploads = new Uploads({ upload, maxFileBytes: 1000, newId: () => `u${++n}`, unauthorized: () => signedOut++ });
  return { uploads, calls, signedOut: () => signedOut };
}

const file = (name: string, size = 10, type = 'image/png'): FileLike => ({ name, size, type });
const attachment = (id: string, name: string): Attachment => ({ id, name, contentType: 'image/png', size: 10, url: `/v1/files/${id}`, thumbnailUrl: null, width: null, height: null });
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('uploads waiting to be sent', () => {
  it('shows progress, then hands the finished files to the next message and clears them', async () => {
    const { uploads, calls } = fakeUploads();
    uploads.add('c1', [file('a.png'), file('b.png')]);
    calls[0].progress(5, 10);
    expect(uploads.of('c1').map((u) => [u.name, u.state, u.progress])).toEqual([
      ['a.png', 'uploading', 0.5],
      ['b.png', 'uploading', 0],
    ]);
    calls[0].resolve(attachment('7', 'a.png'));
    await settle();
    expect(uploads.ready('c1')).toEqual({ attachmentIds: ['7'], uploading: true });
    calls[1].resolve(attachment('8', 'b.png'));
    await settle();
    expect(uploads.ready('c1')).toEqual({ attachmentIds: ['7', '8'], uploading: false });
    uploads.sent('c1');
    expect(uploads.of('c1')).toEqual([]);
  });

  it('cancels an upload on the way and forgets it', async () => {
    const { uploads, calls } = fakeUploads();
    uploads.add('c1', [file('a.png')]);
    uploads.cancel(uploads.of('c1')[0].localId);
    await settle();
    expect(calls[0].cancelled).toBe(true);
    expect(uploads.of('c1')).toEqual([]);
  });

  it('says clearly why an upload failed, and retries the same file when that can work', async () => {
    const { uploads, calls, signedOut } = fakeUploads();
    uploads.add('c1', [file('a.png')]);
    calls[0].reject(new UploadError('Upload failed: the connection was lost.', true));
    await settle();
    const [failed] = uploads.of('c1');
    expect([failed.state, failed.error, failed.retryable]).toEqual(['failed', 'Upload failed: the connection was lost.', true]);
    uploads.retry(failed.localId);
    expect(calls.map((c) => c.file.name)).toEqual(['a.png', 'a.png']);
    calls[1].reject(new UploadError('Your session ended.', false, true));
    await settle();
    expect(signedOut()).toBe(1);
  });

  it('refuses files over the size limit and past ten per message without uploading them', () => {
    const { uploads, calls } = fakeUploads();
    uploads.add('c1', [file('huge.mov', 5000, 'video/quicktime')]);
    expect(uploads.of('c1')[0]).toMatchObject({ state: 'failed', retryable: false, error: 'Larger than 1000 B.' });
    uploads.add('c2', Array.from({ length: 11 }, (_, i) => file(`f${i}.png`)));
    expect(uploads.of('c2').filter((u) => u.state === 'failed').map((u) => u.error)).toEqual(['At most 10 files per message.']);
    expect(calls.length).toBe(10);
  });

  it('writes sizes as people read them', () => {
    expect([readableSize(980), readableSize(14_200), readableSize(25 * 1024 * 1024)]).toEqual(['980 B', '14 KB', '25.0 MB']);
  });
});
