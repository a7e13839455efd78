import type { Logger } from '@charla/platform';
import sharp from 'sharp';
import { ATTACHMENT_LIMITS } from '../domain/attachments';

/** An image's size as shown and its thumbnail (WebP, metadata left behind). */
export interface ImageFacts {
  width: number;
  height: number;
  thumbnail: Buffer;
}

/** Decoding more pixels than this is refused (a small file can unpack to gigabytes). */
const MAX_PIXELS = 100_000_000;

/**
 * Reads an image file: its size after EXIF orientation, and a thumbnail of at most 512 px
 * on the long side. sharp writes no metadata unless asked, so EXIF (GPS included), XMP and
 * ICC text of the original stay out of the thumbnail. Animated GIF/WebP: the first frame.
 * Undefined when the bytes do not decode as an image (the file is kept, without a thumbnail).
 */
export async function inspectImage(path: string, log: Logger): Promise<ImageFacts | undefined> {
  try {
    const image = sharp(path, { limitInputPixels: MAX_PIXELS, failOn: 'error' });
    const meta = await image.metadata();
    const shown = meta.autoOrient ?? { width: meta.width, height: meta.height };
    if (!shown.width || !shown.height) return undefined;
    const thumbnail = await sharp(path, { limitInputPixels: MAX_PIXELS })
      .autoOrient()
      .resize(ATTACHMENT_LIMITS.thumbnailMax, ATTACHMENT_LIMITS.thumbnailMax, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 80 })
      .toBuffer();
    return { width: shown.width, height: shown.height, thumbnail };
  } catch (error) {
    log.info({ err: error }, 'an upload sniffed as an image does not decode; kept without a thumbnail');
    return undefined;
  }
}
