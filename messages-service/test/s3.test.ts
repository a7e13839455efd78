import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { TEST_STORES } from '@charla/platform/testing';
import { startStack, type Stack, type TestUser } from '@charla/stack';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import S3rver from 's3rver';
import { s3BlobStore } from '../src/blobs/s3';

const BUCKET = 'charla-files';
const KEYS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

async function text(stream: Readable): Promise<string> {
  let out = '';
  for await (const part of stream) out += String(part);
  return out;
}

/** A real S3-compatible server (s3rver) on loopback, with its files in a temporary folder. */
describe('the S3 blob store against a loopback S3 server', () => {
  let server: S3rver;
  let folder: string;
  let endpoint: string;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'charla-s3-'));
    server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: folder, configureBuckets: [{ name: BUCKET, configs: [] }] });
    const address = (await server.run()) as AddressInfo;
    endpoint = `http://127.0.0.1:${address.port}`;
  });
  afterAll(async () => {
    await server?.close();
    await rm(folder, { recursive: true, force: true });
  });

  const settings = () => ({ endpoint, bucket: BUCKET, region: 'us-east-1', ...KEYS, forcePathStyle: true });

  it('puts a stream, gets it whole or a range, and deletes it', async () => {
    const blobs = s3BlobStore(settings());
    const bytes = Buffer.from('hola desde un bucket');
    await blobs.put('a/original', Readable.from([bytes.subarray(0, 5), bytes.subarray(5)]), bytes.length);
    expect(await text(await blobs.get('a/original'))).toBe('hola desde un bucket');
    expect(await text(await blobs.get('a/original', { offset: 5, length: 5 }))).toBe('desde');
    await blobs.delete(['a/original', 'never/there']);
    await expect(blobs.get('a/original')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    blobs.close();
  });

  describe.each(TEST_STORES)('messages-service keeping files in S3 on %s', (store) => {
    let stack: Stack;
    let ana: TestUser;

    beforeAll(async () => {
      stack = await startStack({
        label: `s3_files_${store}`,
        store,
        env: { messages: { S3_ENDPOINT: endpoint, S3_BUCKET: BUCKET, S3_ACCESS_KEY_ID: KEYS.accessKeyId, S3_SECRET_ACCESS_KEY: KEYS.secretAccessKey } },
      });
      ana = await stack.gateway.register('ana');
    }, 60_000);
    afterAll(() => stack?.stop());

    it('uploads into the bucket and serves the file back from it', async () => {
      const { conversations } = await stack.gateway.data('{ conversations { id title } }', {}, ana.token);
      const general = conversations.find((c: { title: string }) => c.title === 'general').id;
      const form = new FormData();
      form.append('file', new Blob([Buffer.alloc(200_000, 'z')]), 'zzz.txt');
      const uploaded = await fetch(`${stack.gateway.url}/v1/conversations/${general}/files`, { method: 'POST', headers: { authorization: `Bearer ${ana.token}` }, body: form });
      expect(uploaded.status).toBe(201);
      const attachment = (await uploaded.json()) as { url: string; size: number };

      const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: KEYS });
      const listed = await client.send(new ListObjectsV2Command({ Bucket: BUCKET }));
      client.destroy();
      expect(listed.Contents?.some((object) => object.Key?.endsWith('/original') && object.Size === 200_000)).toBe(true);

      const served = await fetch(stack.gateway.url + attachment.url, { headers: { range: 'bytes=199990-' } });
      expect([served.status, await served.text()]).toEqual([206, 'zzzzzzzzzz']);
    });
  });
});
