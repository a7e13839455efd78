import { startStack, type Stack, type TestUser } from '@charla/stack';
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// A 64 MiB upload and download through the gateway and messages-service, both in this process,
// with memory sampled every 250 ms: the bytes stream through, so neither holds the file.
setFlagsFromString('--expose-gc');
// Dead buffers freed at the collection itself, not later on a background thread: a sample
// then counts what is held, not garbage a slower machine had not got round to freeing yet.
setFlagsFromString('--no-concurrent-array-buffer-sweeping');
const gc = runInNewContext('gc') as () => void;

const MIB = 1024 * 1024;
/** Larger than the default limit on purpose: a file held whole (or read ahead of the socket) shows as its size. */
const SIZE = 64 * MIB;

interface Peak {
  rss: number;
  heap: number;
  buffers: number;
}

/**
 * Runs `work` while sampling memory; the peak growth over the level before it. Each sample
 * collects garbage first, so it counts what is held (every chunk is copied several times on
 * its way: socket, multipart parser, gRPC frames, disk; uncollected copies are no retention).
 */
async function peakGrowth(work: () => Promise<void>): Promise<Peak> {
  gc();
  const base = process.memoryUsage();
  const peak: Peak = { rss: 0, heap: 0, buffers: 0 };
  const sample = () => {
    gc();
    const now = process.memoryUsage();
    peak.rss = Math.max(peak.rss, now.rss - base.rss);
    peak.heap = Math.max(peak.heap, now.heapUsed - base.heapUsed);
    peak.buffers = Math.max(peak.buffers, now.arrayBuffers - base.arrayBuffers);
  };
  const timer = setInterval(sample, 250);
  try {
    await work();
  } finally {
    clearInterval(timer);
    sample();
  }
  return peak;
}

/** A multipart body made as it is sent, 64 KiB at a time: the test itself never holds the file either. */
async function* multipartBody(boundary: string, size: number): AsyncGenerator<Buffer> {
  yield Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  for (let sent = 0; sent < size; sent += 64 * 1024) yield randomBytes(Math.min(64 * 1024, size - sent));
  yield Buffer.from(`\r\n--${boundary}--\r\n`);
}

/**
 * POSTs a body the way a browser does, with backpressure (node:http and a pipeline; fetch with
 * a ReadableStream body reads ahead of the socket, which would be the test's memory, not Charla's).
 */
function post(url: string, headers: Record<string, string>, body: AsyncGenerator<Buffer>): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers }, async (res) => {
      let text = '';
      for await (const chunk of res) text += String(chunk);
      resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) as Record<string, unknown> });
    });
    // An early answer (a refusal) ends the upload: report it rather than the broken pipe.
    let answered = false;
    req.once('response', () => (answered = true));
    req.on('error', (error) => answered || reject(error));
    pipeline(Readable.from(body), req).catch((error: unknown) => answered || reject(error));
  });
}

const mib = (bytes: number) => `${(bytes / MIB).toFixed(1)} MiB`;

describe('a 64 MiB file through the gateway and messages-service', () => {
  let stack: Stack;
  let ana: TestUser;
  let general: string;

  beforeAll(async () => {
    stack = await startStack({ label: 'gw_upload_memory', store: 'sqlite', env: { all: { MAX_FILE_BYTES: String(SIZE) } } });
    ana = await stack.gateway.register('ana');
    const { conversations } = await stack.gateway.data('{ conversations { id title } }', {}, ana.token);
    general = conversations.find((c: { title: string }) => c.title === 'general').id;
  }, 60_000);
  afterAll(() => stack?.stop());

  it('streams up and down with a few MiB of memory at most', async () => {
    let url = '';
    const boundary = 'charla-memory-test';
    const up = await peakGrowth(async () => {
      const { status, json } = await post(
        `${stack.gateway.url}/v1/conversations/${general}/files`,
        { authorization: `Bearer ${ana.token}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
        multipartBody(boundary, SIZE),
      );
      expect([status, json.size, status === 201 ? '' : JSON.stringify(json)]).toEqual([201, SIZE, '']);
      url = String(json.url);
    });
    const down = await peakGrowth(async () => {
      const response = await fetch(stack.gateway.url + url, { headers: { authorization: `Bearer ${ana.token}` } });
      let received = 0;
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) received += chunk.length;
      expect(received).toBe(SIZE);
    });
    console.log(
      `64 MiB upload: peak growth heap ${mib(up.heap)}, buffers ${mib(up.buffers)}, RSS ${mib(up.rss)}; ` +
        `download: heap ${mib(down.heap)}, buffers ${mib(down.buffers)}, RSS ${mib(down.rss)} (gateway and messages-service in one process)`,
    );
    // Held whole, the file alone would add 64 MiB to buffers (and more while copied). What is
    // left is chunks in flight: HTTP/2 and socket windows, the spool's write queue, the client here.
    for (const peak of [up, down]) {
      expect(peak.heap).toBeLessThan(8 * MIB);
      // ~1–4 MiB measured; a file held whole would be 64.
      expect(peak.heap + peak.buffers).toBeLessThan(8 * MIB);
    }
  }, 300_000);
});
