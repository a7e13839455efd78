import { createHmac, timingSafeEqual } from 'node:crypto';
import type { GatewayFilesConfig } from './config';

export type FileVariant = 'original' | 'thumbnail';

/**
 * File URLs for browsers, which send no Authorization header with `<img src>`: the path
 * names the attachment and variant, the query its expiry and an HMAC over all three. The
 * URL is handed only to members (in a message they may read); it is not bound to one
 * viewer, so every member of a conversation gets the same URL and a message's fan-out is
 * executed once for all of them. Expiry is rounded up to the lifetime's period: the URL
 * stays the same for a while (browsers cache it) and works for at least one lifetime.
 */
export class FileUrls {
  constructor(private readonly config: Pick<GatewayFilesConfig, 'urlSecret' | 'urlLifetimeMs'>) {}

  url(attachmentId: number, variant: FileVariant, now = Date.now()): string {
    const period = this.config.urlLifetimeMs;
    const expires = Math.ceil((now + period) / period) * period;
    const seconds = Math.floor(expires / 1000);
    return `${pathOf(attachmentId, variant)}?expires=${seconds}&signature=${this.sign(attachmentId, variant, seconds)}`;
  }

  /** Whether a request's expiry and signature are this gateway's for that file, and not expired. */
  verify(attachmentId: number, variant: FileVariant, expires: unknown, signature: unknown, now = Date.now()): boolean {
    if (typeof expires !== 'string' || typeof signature !== 'string' || !/^\d{1,12}$/.test(expires)) return false;
    const seconds = Number(expires);
    if (seconds * 1000 <= now) return false;
    const expected = Buffer.from(this.sign(attachmentId, variant, seconds));
    const given = Buffer.from(signature);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private sign(attachmentId: number, variant: FileVariant, expires: number): string {
    return createHmac('sha256', this.config.urlSecret).update(`${attachmentId}\n${variant}\n${expires}`).digest('base64url');
  }
}

export function pathOf(attachmentId: number, variant: FileVariant): string {
  return variant === 'thumbnail' ? `/v1/files/${attachmentId}/thumbnail` : `/v1/files/${attachmentId}`;
}
