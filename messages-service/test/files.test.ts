import { TEST_STORES } from '@charla/platform/testing';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Download, UploadFrame } from '../src/domain/files';
import type { UserCaller } from '../src/domain/types';
import { codeOf, openTestChat, SERVICE, type TestChat } from './support';

/** An upload as gRPC delivers it: the metadata frame, then chunks of at most 64 KiB. */
async function* framesOf(conversationId: number, name: string, bytes: Buffer, chunk = 64 * 1024, declaredSize = 0): AsyncGenerator<UploadFrame> {
  yield { metadata: { conversationId, name, declaredSize } };
  for (let at = 0; at < bytes.length; at += chunk) yield { chunk: bytes.subarray(at, at + chunk) };
}

async function read(download: Download): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of download.bytes) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

async function blobFiles(t: TestChat): Promise<string[]> {
  try {
    return (await readdir(join(t.files.folder, 'files'), { recursive: true })).filter((f) => f.includes('/'));
  } catch {
    return [];
  }
}

describe.each(TEST_STORES)('attachments in messages-service on %s', (kind) => {
  let t: TestChat;
  let ana: UserCaller;
  let ben: UserCaller;
  let eve: UserCaller;
  let group: number;

  beforeAll(async () => {
    t = await openTestChat(kind, 'messages_files');
    [ana, ben, eve] = ['ana', 'ben', 'eve'].map((name) => t.users.register(name));
    group = (await t.chat.conversations.createGroup(ana, { title: 'Trip', usernames: ['ben'] })).id;
  });
  afterAll(() => t?.dispose());

  const original = { attachmentId: 0, variant: 'original' as const, offset: 0, length: 0, suffixLength: 0 };

  it('stores an image with its size and a thumbnail without its metadata; the bytes stream back whole or in part', async () => {
    const png = await sharp({ create: { width: 2000, height: 1000, channels: 4, background: '#3366ff' } })
      .png()
      .withExif({ IFD0: { Copyright: 'ana' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '40/1 0/1 0/1' } })
      .toBuffer();
    const attachment = await t.chat.files.upload(ana, framesOf(group, 'map.png', png, 1000));
    expect(attachment).toMatchObject({ name: 'map.png', contentType: 'image/png', size: png.length, width: 2000, height: 1000, hasThumbnail: true, messageId: 0 });

    const thumbnail = await t.chat.files.download(ana, { ...original, attachmentId: attachment.id, variant: 'thumbnail' });
    const meta = await sharp(await read(thumbnail)).metadata();
    expect([meta.width, meta.height, meta.format, meta.exif]).toEqual([512, 256, 'webp', undefined]);
    expect((await read(await t.chat.files.download(ana, { ...original, attachmentId: attachment.id }))).equals(png)).toBe(true);
    const range = await t.chat.files.download(ana, { ...original, attachmentId: attachment.id, offset: 1, length: 3 });
    expect([range.offset, range.length, range.totalSize, (await read(range)).toString('latin1')]).toEqual([1, 3, png.length, 'PNG']);
    expect(await codeOf(t.chat.files.download(ana, { ...original, attachmentId: attachment.id, offset: png.length }))).toBe('FAILED_PRECONDITION');
  });

  it('shows an unsent upload to its uploader alone, a sent one to members (and gateways), never to outsiders', async () => {
    const attachment = await t.chat.files.upload(ana, framesOf(group, 'plan.txt', Buffer.from('day one: museo')));
    const request = { ...original, attachmentId: attachment.id };
    expect(await codeOf(t.chat.files.download(ben, request))).toBe('NOT_FOUND');
    const { message } = await t.chat.messages.send(ana, { conversationId: group, body: '', attachmentIds: [attachment.id], clientId: 'plan-1' });
    expect(message.attachments.map((a) => a.id)).toEqual([attachment.id]);
    expect((await read(await t.chat.files.download(ben, request))).toString()).toBe('day one: museo');
    expect(await codeOf(t.chat.files.download(SERVICE, request))).toBe('OK');
    expect(await codeOf(t.chat.files.download(eve, request))).toBe('NOT_FOUND');
    // A retry of the send returns the first message, files and all.
    const retry = await t.chat.messages.send(ana, { conversationId: group, body: '', attachmentIds: [attachment.id], clientId: 'plan-1' });
    expect([retry.created, retry.message.id, retry.message.attachments.length]).toEqual([false, message.id, 1]);
    const page = await t.chat.messages.list(ben, { conversationId: group });
    expect(page.items.find((m) => m.id === message.id)?.attachments.map((a) => a.name)).toEqual(['plan.txt']);
  });

  it('refuses uploads from outsiders, past the size limit, with oversized chunks or a wrong declared size', async () => {
    expect(await codeOf(t.chat.files.upload(eve, framesOf(group, 'x.txt', Buffer.from('x'))))).toBe('NOT_FOUND');
    expect(await codeOf(t.chat.files.upload(ana, framesOf(group, 'big.bin', Buffer.alloc(t.files.maxFileBytes + 1))))).toBe('RESOURCE_EXHAUSTED');
    expect(await codeOf(t.chat.files.upload(ana, framesOf(group, 'big.bin', Buffer.alloc(10), 64, t.files.maxFileBytes + 1)))).toBe('RESOURCE_EXHAUSTED');
    expect(await codeOf(t.chat.files.upload(ana, framesOf(group, 'chunky.bin', Buffer.alloc(70_000), 70_000)))).toBe('INVALID_ARGUMENT');
    expect(await codeOf(t.chat.files.upload(ana, framesOf(group, 'short.bin', Buffer.alloc(10), 64, 11)))).toBe('INVALID_ARGUMENT');
    expect(await codeOf(t.chat.messages.send(ana, { conversationId: group, body: '   ' }))).toBe('INVALID_ARGUMENT');
    // Nothing of the refused uploads stays behind.
    expect((await readdir(join(t.files.folder, 'uploads'))).length).toBe(0);
  });

  it('deletes a message\'s files with it, bytes too, and sweeps uploads nobody sent within a day', async () => {
    const sent = await t.chat.files.upload(ana, framesOf(group, 'gone.txt', Buffer.from('bye')));
    const { message } = await t.chat.messages.send(ana, { conversationId: group, body: 'soon gone', attachmentIds: [sent.id] });
    const before = await blobFiles(t);
    await t.chat.messages.delete(ana, message.id);
    await t.chat.files.swept();
    expect(await codeOf(t.chat.files.download(ana, { ...original, attachmentId: sent.id }))).toBe('NOT_FOUND');
    expect((await blobFiles(t)).length).toBe(before.length - 1);

    const unsent = await t.chat.files.upload(ben, framesOf(group, 'forgotten.txt', Buffer.from('draft')));
    expect(await t.chat.files.sweep(new Date())).toBe(0);
    // A day later: this one and the map of the first test, which nobody sent either.
    expect(await t.chat.files.sweep(new Date(Date.now() + 25 * 3_600_000))).toBe(2);
    expect(await codeOf(t.chat.files.download(ben, { ...original, attachmentId: unsent.id }))).toBe('NOT_FOUND');
    expect(await codeOf(t.chat.messages.send(ben, { conversationId: group, body: 'late', attachmentIds: [unsent.id] }))).toBe('INVALID_ARGUMENT');
  });
});
