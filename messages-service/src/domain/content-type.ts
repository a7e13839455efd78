/**
 * A file's content type, told by its first bytes and never by the uploader (a name or a
 * header says what the sender claims; the bytes say what a browser would make of them).
 * `SNIFF_BYTES` of the start are enough for every signature below.
 */
export const SNIFF_BYTES = 1024;

/** Images that get a thumbnail and are shown inline. */
export const RASTER_IMAGES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);

const ascii = (bytes: Buffer, at: number, text: string) => bytes.length >= at + text.length && bytes.toString('latin1', at, at + text.length) === text;

const startsWith = (bytes: Buffer, signature: number[]) => bytes.length >= signature.length && signature.every((b, i) => bytes[i] === b);

/** ISO base media (MP4, M4A, QuickTime): `ftyp` at 4, then the major brand. */
function isoMedia(bytes: Buffer): string | undefined {
  if (!ascii(bytes, 4, 'ftyp')) return undefined;
  const brand = bytes.toString('latin1', 8, 12);
  if (brand === 'M4A ' || brand === 'M4B ') return 'audio/mp4';
  if (brand === 'qt  ') return 'video/quicktime';
  if (brand.startsWith('3g')) return 'video/3gpp';
  if (brand === 'heic' || brand === 'heix' || brand === 'mif1') return 'image/heic';
  return 'video/mp4';
}

/** RIFF containers: WebP, WAV, AVI. */
function riff(bytes: Buffer): string | undefined {
  if (!ascii(bytes, 0, 'RIFF')) return undefined;
  if (ascii(bytes, 8, 'WEBP')) return 'image/webp';
  if (ascii(bytes, 8, 'WAVE')) return 'audio/wav';
  if (ascii(bytes, 8, 'AVI ')) return 'video/x-msvideo';
  return undefined;
}

/** MP3: an ID3 tag, or an MPEG audio frame header (11 sync bits, layer III). */
function mp3(bytes: Buffer): boolean {
  if (ascii(bytes, 0, 'ID3')) return true;
  return bytes.length >= 2 && bytes[0] === 0xff && (bytes[1] & 0xe0) === 0xe0 && (bytes[1] & 0x06) === 0x02;
}

const BINARY = new Set([...Array(32).keys()].filter((b) => ![0x09, 0x0a, 0x0c, 0x0d, 0x1b].includes(b)));

/**
 * Markup a browser would run: HTML (by the tags the WHATWG sniffing algorithm looks for) or
 * SVG. Looked for at the start after a BOM and whitespace, and for SVG after an XML prolog.
 */
function markup(bytes: Buffer): string | undefined {
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '').trimStart().toLowerCase();
  if (/^<(!doctype html|html|head|body|script|iframe|h1|div|font|table|a|style|title|b|br|p|!--)[\s>/]/.test(text)) return 'text/html';
  if (/^<svg[\s>]/.test(text)) return 'image/svg+xml';
  if (text.startsWith('<?xml')) return /<svg[\s>]/.test(text) ? 'image/svg+xml' : /<html[\s>]/.test(text) ? 'application/xhtml+xml' : 'application/xml';
  return undefined;
}

/** Plain text: no control bytes a text file would not hold, and valid UTF-8 (a cut last character aside). */
function isText(bytes: Buffer): boolean {
  if (bytes.length === 0) return false;
  for (const b of bytes) if (BINARY.has(b)) return false;
  // A multi-byte character cut by the sniffing window is still text.
  for (let cut = 0; cut < 4 && cut < bytes.length; cut++) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, bytes.length - cut));
      return true;
    } catch {
      // try without the last byte(s)
    }
  }
  return false;
}

/** The content type of a file that starts with `head` (at most SNIFF_BYTES of it). */
export function sniffContentType(head: Buffer): string {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (ascii(head, 0, 'GIF87a') || ascii(head, 0, 'GIF89a')) return 'image/gif';
  if (ascii(head, 0, '%PDF-')) return 'application/pdf';
  if (ascii(head, 0, 'OggS')) return 'audio/ogg';
  if (ascii(head, 0, 'fLaC')) return 'audio/flac';
  if (startsWith(head, [0x1a, 0x45, 0xdf, 0xa3])) return head.subarray(0, 64).includes('webm') ? 'video/webm' : 'video/x-matroska';
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return 'application/zip';
  if (startsWith(head, [0x1f, 0x8b])) return 'application/gzip';
  if (ascii(head, 0, 'BM') && head.length > 14) return 'image/bmp';
  if (startsWith(head, [0x49, 0x49, 0x2a, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2a])) return 'image/tiff';
  const container = riff(head) ?? isoMedia(head);
  if (container) return container;
  if (mp3(head)) return 'audio/mpeg';
  const marked = markup(head);
  if (marked) return marked;
  return isText(head) ? 'text/plain' : 'application/octet-stream';
}
