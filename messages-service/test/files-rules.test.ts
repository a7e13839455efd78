import { attachmentIds, byteRange, checkAttachable, uploadName, type UploadState } from '../src/domain/attachments';
import { sniffContentType } from '../src/domain/content-type';
import { matches, searchTerms, snippet } from '../src/domain/search';
import type { Attachment } from '../src/domain/types';

const bytes = (...values: (number | string)[]) => Buffer.concat(values.map((v) => (typeof v === 'string' ? Buffer.from(v, 'latin1') : Buffer.from([v]))));

describe('content types come from the bytes', () => {
  it.each([
    ['JPEG', bytes(0xff, 0xd8, 0xff, 0xe0, 'JFIF'), 'image/jpeg'],
    ['PNG', bytes(0x89, 'PNG\r\n', 0x1a, '\n', 0, 0), 'image/png'],
    ['GIF', bytes('GIF89a', 1, 0), 'image/gif'],
    ['WebP', bytes('RIFF', 0, 0, 0, 0, 'WEBPVP8 '), 'image/webp'],
    ['PDF', bytes('%PDF-1.7\n'), 'application/pdf'],
    ['MP3 with ID3', bytes('ID3', 4, 0), 'audio/mpeg'],
    ['MP3 frame', bytes(0xff, 0xfb, 0x90, 0x44), 'audio/mpeg'],
    ['Ogg', bytes('OggS', 0), 'audio/ogg'],
    ['WAV', bytes('RIFF', 0, 0, 0, 0, 'WAVEfmt '), 'audio/wav'],
    ['MP4', bytes(0, 0, 0, 0x18, 'ftypisom', 0, 0), 'video/mp4'],
    ['M4A', bytes(0, 0, 0, 0x18, 'ftypM4A ', 0, 0), 'audio/mp4'],
    ['WebM', bytes(0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x82, 0x84, 'webm'), 'video/webm'],
    ['ZIP', bytes('PK', 3, 4, 20), 'application/zip'],
    ['HTML', Buffer.from('\uFEFF  <!DOCTYPE html><title>x</title>'), 'text/html'],
    ['HTML fragment', Buffer.from('<script>alert(1)</script>'), 'text/html'],
    ['SVG', Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), 'image/svg+xml'],
    ['bare SVG', Buffer.from('<svg><script>alert(1)</script></svg>'), 'image/svg+xml'],
    ['text', Buffer.from('Hola, ¿qué tal?\n'), 'text/plain'],
    ['text cut inside a character', Buffer.from('mañana').subarray(0, 3), 'text/plain'],
    ['binary', bytes(0, 1, 2, 3, 0xfe), 'application/octet-stream'],
    ['nothing', Buffer.alloc(0), 'application/octet-stream'],
  ])('%s', (_name, head, type) => {
    expect(sniffContentType(head)).toBe(type);
  });
});

describe('upload names and the files a message names', () => {
  it('keeps the last part of a path, without control characters', () => {
    expect(uploadName('C:\\Users\\ana\\photo.jpg')).toBe('photo.jpg');
    expect(uploadName('../../etc/passwd')).toBe('passwd');
    expect(uploadName('a\u0000b\nc.txt')).toBe('abc.txt');
    expect(uploadName('..')).toBe('file');
    expect(() => uploadName('x'.repeat(256))).toThrow('at most 255');
  });

  it('takes at most 10 distinct ids', () => {
    expect(attachmentIds(['3', 4])).toEqual([3, 4]);
    expect(attachmentIds(undefined)).toEqual([]);
    expect(() => attachmentIds([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])).toThrow('at most 10');
    expect(() => attachmentIds([1, 1])).toThrow('twice');
    expect(() => attachmentIds([0])).toThrow('attachment_ids[0]');
  });

  const upload = (over: Partial<Attachment>, sentWithClientId = ''): UploadState => ({
    attachment: { id: 1, conversationId: 7, uploaderId: 2, name: 'a', contentType: 'text/plain', size: 1, width: 0, height: 0, hasThumbnail: false, messageId: 0, createdAt: new Date(), ...over },
    sentWithClientId,
  });
  const sender = { userId: 2, conversationId: 7, clientId: 'c1' };

  it('sends only the sender\'s own unsent uploads of that conversation (a retry finds them sent with itself)', () => {
    expect(() => checkAttachable([1], [upload({})], sender)).not.toThrow();
    expect(() => checkAttachable([1], [upload({ uploaderId: 3 })], sender)).toThrow('not an upload of yours');
    expect(() => checkAttachable([1], [upload({ conversationId: 8 })], sender)).toThrow('not an upload of yours');
    expect(() => checkAttachable([1], [], sender)).toThrow('attachment_ids[0]');
    expect(() => checkAttachable([1], [upload({ messageId: 9 }, 'other')], sender)).toThrow('already sent');
    expect(() => checkAttachable([1], [upload({ messageId: 9 }, 'c1')], sender)).not.toThrow();
  });

  it('resolves byte ranges as HTTP does', () => {
    const whole = { offset: 0, length: 0, suffixLength: 0 };
    expect(byteRange(100, whole)).toEqual({ offset: 0, length: 100 });
    expect(byteRange(100, { ...whole, offset: 10, length: 5 })).toEqual({ offset: 10, length: 5 });
    expect(byteRange(100, { ...whole, offset: 90, length: 50 })).toEqual({ offset: 90, length: 10 });
    expect(byteRange(100, { ...whole, suffixLength: 30 })).toEqual({ offset: 70, length: 30 });
    expect(byteRange(100, { ...whole, suffixLength: 300 })).toEqual({ offset: 0, length: 100 });
    expect(byteRange(100, { ...whole, offset: 100 })).toBeUndefined();
    expect(() => byteRange(100, { ...whole, offset: -1 })).toThrow('offset');
  });
});

describe('search rules', () => {
  it('folds case and accents, keeps the last word as a prefix', () => {
    expect(searchTerms('  Café MAÑANA! ')).toEqual({ words: ['cafe', 'manana'] });
    expect(searchTerms('mañana café mañana')).toEqual({ words: ['cafe', 'manana'] });
    expect(() => searchTerms('¡¿ !')).toThrow('letter or a digit');
    expect(() => searchTerms(Array.from({ length: 11 }, (_, i) => `w${i}`).join(' '))).toThrow('at most 10 words');
  });

  it('matches whole words, the last also as the start of one', () => {
    const terms = searchTerms('cafe man');
    expect(matches('El café de la mañana', terms)).toBe(true);
    expect(matches('Cafetería de Manuel', terms)).toBe(false);
    expect(matches('un cafe, mango', terms)).toBe(true);
  });

  it('marks the matches in an escaped snippet, cut around the first one', () => {
    expect(snippet('<b>café</b> & "mañana"', searchTerms('cafe manana'))).toBe('&lt;b&gt;<mark>café</mark>&lt;/b&gt; &amp; &quot;<mark>mañana</mark>&quot;');
    const long = `${'palabra '.repeat(40)}el café ${'otra '.repeat(40)}`;
    const cut = snippet(long, searchTerms('cafe'));
    expect(cut.startsWith('…')).toBe(true);
    expect(cut.endsWith('…')).toBe(true);
    expect(cut).toContain('<mark>café</mark>');
    expect(cut.replace(/<\/?mark>/g, '').length).toBeLessThanOrEqual(162);
  });
});
