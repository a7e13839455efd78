/**
 * How a file is served: never sniffed again by the browser, never able to run script or
 * load anything (a sandbox with no permissions, even when opened directly), and downloaded
 * rather than shown unless it is a kind browsers show inertly.
 */
export const FILE_SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "default-src 'none'; sandbox",
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Referrer-Policy': 'no-referrer',
} as const;

/** Raster images, audio, video and PDF are shown in place; SVG is markup that can carry script. */
export function showsInline(contentType: string): boolean {
  if (contentType === 'image/svg+xml') return false;
  return /^(image|audio|video)\//.test(contentType) || contentType === 'application/pdf';
}

/** `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266), the plain name reduced to safe ASCII. */
export function contentDisposition(contentType: string, name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${showsInline(contentType) ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** A single `bytes=` range as DownloadAttachment takes it; undefined when absent or not one range we serve (the whole file then). */
export function rangeOf(header: string | undefined): { offset: number; length: number; suffixLength: number } | undefined {
  if (!header) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  const [, from, to] = match;
  if (from === '') return { offset: 0, length: 0, suffixLength: Number(to) || 0 };
  const offset = Number(from);
  if (to === '') return { offset, length: 0, suffixLength: 0 };
  if (Number(to) < offset) return undefined;
  return { offset, length: Number(to) - offset + 1, suffixLength: 0 };
}
