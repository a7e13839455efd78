import { DEV_SERVICE_TOKEN } from '@charla/platform';
import { TEST_STORES } from '@charla/platform/testing';
import { startStack, type Stack, type TestUser } from '@charla/stack';
import sharp from 'sharp';
import { filesConfigFromEnv } from '../src/files/config';
import { FileUrls } from '../src/files/signing';

const ATTACHMENT = 'attachments { id name contentType size url thumbnailUrl width height }';

/** A JPEG with EXIF (GPS included) that a phone camera would write. */
async function photo(width = 1200, height = 800): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 80, b: 40 } } })
    .jpeg()
    .withExif({ IFD0: { Make: 'CharlaCam', Model: 'Test' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '40/1 25/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '3/1 42/1 0/1' } })
    .toBuffer();
}

/** Uploads through the gateway's multipart route, as a browser's FormData does. */
async function upload(stack: Stack, conversationId: string, token: string | undefined, bytes: Buffer, name: string, type = 'application/octet-stream', field = 'file') {
  const form = new FormData();
  form.append(field, new Blob([bytes], { type }), name);
  const response = await fetch(`${stack.gateway.url}/v1/conversations/${conversationId}/files`, {
    method: 'POST',
    headers: token ? { authorization: `Bearer ${token}` } : {},
    body: form,
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

describe.each(TEST_STORES)('files through the gateway on %s', (store) => {
  let stack: Stack;
  let ana: TestUser;
  let ben: TestUser;
  let eve: TestUser;
  let direct: string;

  beforeAll(async () => {
    stack = await startStack({ label: `gw_files_${store}`, store, env: { all: { MAX_FILE_BYTES: String(3 * 1024 * 1024) } } });
    [ana, ben, eve] = await Promise.all(['ana', 'ben', 'eve'].map((name) => stack.gateway.register(name)));
    const opened = await stack.gateway.data<{ openDirect: { id: string } }>('mutation { openDirect(username: "ben") { id } }', {}, ana.token);
    direct = opened.openDirect.id;
  }, 60_000);
  afterAll(() => stack?.stop());

  const send = (token: string, body: string, attachmentIds: string[]) =>
    stack.gateway.gql(`mutation($c: ID!, $b: String!, $a: [ID!]) { sendMessage(conversationId: $c, body: $b, attachmentIds: $a) { id seq body ${ATTACHMENT} } }`, { c: direct, b: body, a: attachmentIds }, token);

  it('uploads a photo, sends it, and shows it to the other member with a thumbnail and no metadata', async () => {
    const original = await photo();
    const uploaded = await upload(stack, direct, ana.token, original, 'C:\\Users\\ana\\holiday.jpg', 'text/plain');
    expect(uploaded.status).toBe(201);
    expect(uploaded.body).toMatchObject({ name: 'holiday.jpg', contentType: 'image/jpeg', size: original.length, width: 1200, height: 800 });
    expect(uploaded.body.url).toMatch(/^\/v1\/files\/\d+\?expires=\d+&signature=/);

    // Until sent, the upload is the uploader's alone.
    expect((await send(ben.token, 'mine now', [uploaded.body.id])).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const sent = await send(ana.token, '', [uploaded.body.id]);
    expect(sent.errors).toBeUndefined();
    expect(sent.data!.sendMessage).toMatchObject({ body: '', attachments: [{ id: uploaded.body.id, name: 'holiday.jpg' }] });
    // Sent once: a second message cannot take it.
    expect((await send(ana.token, 'again', [uploaded.body.id])).errors?.[0]?.message).toMatch(/already sent/);

    const history = await stack.gateway.data(`query($c: ID!) { messages(conversationId: $c, first: 5) { edges { node { ${ATTACHMENT} } } } }`, { c: direct }, ben.token);
    const [file] = history.messages.edges.at(-1).node.attachments;
    const full = await fetch(stack.gateway.url + file.url);
    expect(full.status).toBe(200);
    expect(Buffer.from(await full.arrayBuffer()).equals(original)).toBe(true);
    expect(full.headers.get('content-type')).toBe('image/jpeg');
    expect(full.headers.get('x-content-type-options')).toBe('nosniff');
    expect(full.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(full.headers.get('content-disposition')).toMatch(/^inline; filename="holiday.jpg"/);

    const thumbnail = await fetch(stack.gateway.url + file.thumbnailUrl);
    expect(thumbnail.status).toBe(200);
    const meta = await sharp(Buffer.from(await thumbnail.arrayBuffer())).metadata();
    expect(Math.max(meta.width!, meta.height!)).toBe(512);
    expect(meta.exif).toBeUndefined();
    expect((await sharp(original).metadata()).exif).toBeDefined();
  });

  it('refuses the file to an outsider, to a tampered or expired signature, and serves members by Bearer and ranges', async () => {
    const bytes = Buffer.from('0123456789abcdefghij'.repeat(10));
    const uploaded = await upload(stack, direct, ana.token, bytes, 'notes.bin');
    await send(ana.token, 'the notes', [uploaded.body.id]);
    const id = uploaded.body.id;
    const get = (path: string, headers: Record<string, string> = {}) => fetch(stack.gateway.url + path, { headers });

    expect((await get(`/v1/files/${id}`, { authorization: `Bearer ${eve.token}` })).status).toBe(404);
    expect((await get(`/v1/files/${id}`)).status).toBe(404);
    // One character of the signature changed (to another: replacing it with itself would not tamper).
    expect((await get(uploaded.body.url.replace(/signature=(.)/, (_: string, first: string) => `signature=${first === 'A' ? 'B' : 'A'}`))).status).toBe(404);
    expect((await get(uploaded.body.url.replace(`/files/${id}`, `/files/${Number(id) - 1}`))).status).toBe(404);
    const urls = new FileUrls(filesConfigFromEnv({}, DEV_SERVICE_TOKEN));
    expect((await get(urls.url(Number(id), 'original', Date.now() - 3 * 3_600_000))).status).toBe(404);
    expect((await get(urls.url(Number(id), 'original'))).status).toBe(200);

    const byBearer = await get(`/v1/files/${id}`, { authorization: `Bearer ${ben.token}` });
    expect(byBearer.status).toBe(200);
    expect(byBearer.headers.get('content-disposition')).toMatch(/^attachment; filename="notes.bin"/);
    const partial = await get(uploaded.body.url, { range: 'bytes=10-19' });
    expect(partial.status).toBe(206);
    expect(partial.headers.get('content-range')).toBe(`bytes 10-19/${bytes.length}`);
    expect(await partial.text()).toBe('abcdefghij');
    const tail = await get(uploaded.body.url, { range: 'bytes=-4' });
    expect([tail.status, await tail.text()]).toEqual([206, 'ghij']);
    expect((await get(uploaded.body.url, { range: `bytes=${bytes.length}-` })).status).toBe(416);
  });

  it('sniffs an HTML page disguised as a PNG and serves it as a download that cannot run', async () => {
    const page = Buffer.from('<!DOCTYPE html><html><body><script>parent.document.title="pwned"</script></body></html>');
    const uploaded = await upload(stack, direct, ana.token, page, 'cat.png', 'image/png');
    expect(uploaded.body).toMatchObject({ contentType: 'text/html', thumbnailUrl: null, width: null, height: null });
    const served = await fetch(stack.gateway.url + uploaded.body.url);
    expect(served.headers.get('content-type')).toMatch(/^text\/html/);
    expect(served.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
  });

  it('answers 401, 404, 400 and 413 as the upload contract says', async () => {
    const small = Buffer.from('hello');
    expect((await upload(stack, direct, undefined, small, 'a.txt')).status).toBe(401);
    expect((await upload(stack, direct, 'not-a-token', small, 'a.txt')).status).toBe(401);
    expect((await upload(stack, direct, eve.token, small, 'a.txt')).status).toBe(404);
    expect((await upload(stack, '999999', ana.token, small, 'a.txt')).status).toBe(404);
    expect((await upload(stack, direct, ana.token, small, 'a.txt', 'text/plain', 'other')).status).toBe(400);
    const tooLarge = await upload(stack, direct, ana.token, Buffer.alloc(3 * 1024 * 1024 + 1, 7), 'big.bin');
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.error.reason).toBe('FILE_TOO_LARGE');
  });

  it('keeps a message to at most 10 files, and removes a deleted message\'s files', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 11; i++) ids.push((await upload(stack, direct, ana.token, Buffer.from(`file ${i}`), `f${i}.txt`)).body.id);
    expect((await send(ana.token, 'too many', ids)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const sent = await send(ana.token, 'ten', ids.slice(0, 10));
    expect(sent.data!.sendMessage.attachments.map((a: { id: string }) => a.id)).toEqual(ids.slice(0, 10));
    const url = sent.data!.sendMessage.attachments[0].url as string;
    expect((await fetch(stack.gateway.url + url)).status).toBe(200);
    const deleted = await stack.gateway.data(`mutation($id: ID!) { deleteMessage(id: $id) { ${ATTACHMENT} } }`, { id: sent.data!.sendMessage.id }, ana.token);
    expect(deleted.deleteMessage.attachments).toEqual([]);
    expect((await fetch(stack.gateway.url + url)).status).toBe(404);
  });

  it('shows a file as a link in the support socket\'s message_text', async () => {
    const support = await stack.gateway.data<{ openSupport: { id: string } }>('mutation { openSupport { id } }', {}, ana.token);
    const uploaded = await upload(stack, support.openSupport.id, ana.token, Buffer.from('%PDF-1.4 invoice'), 'invoice.pdf');
    expect(uploaded.body.contentType).toBe('application/pdf');
    await stack.gateway.data('mutation($c: ID!, $a: [ID!]) { sendMessage(conversationId: $c, body: "my invoice", attachmentIds: $a) { id } }', { c: support.openSupport.id, a: [uploaded.body.id] }, ana.token);
    const { default: WebSocket } = await import('ws');
    const socket = new WebSocket(`${stack.gateway.url.replace('http', 'ws')}/v1/support`);
    stack.leftovers.push(async () => socket.close());
    const frames: Record<string, any>[] = [];
    socket.on('message', (data) => frames.push(JSON.parse(String(data))));
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ jsonrpc: '2.0', method: 'message.auth', params: [ana.token], id: 1 }));
    for (let i = 0; i < 50 && !frames.some((f) => JSON.stringify(f).includes('invoice.pdf')); i++) await new Promise((r) => setTimeout(r, 100));
    const text = JSON.stringify(frames);
    expect(text).toMatch(/my invoice\\n📎 invoice.pdf \(\d+ B\): \/v1\/files\/\d+\?expires=\d+&signature=/);
  });
});
