// Sharing files in Chromium against the real parts: a photo attached by the button and one
// pasted, seen live by the other person and opened whole; HTML and SVG uploads never run.
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { api, composer, eventually, openDirect, openSignedIn, registerByApi, screenshot, stored, type Person } from '../browser';
import { startStack, type Stack } from '../stack';

jest.setTimeout(90_000);

const picture = (width: number, height: number, color: string) =>
  sharp({ create: { width, height, channels: 3, background: color } })
    .composite([{ input: Buffer.from(`<svg width="${width}" height="${height}"><circle cx="${width / 2}" cy="${height / 2}" r="${Math.min(width, height) / 3}" fill="#fde68a"/></svg>`) }])
    .jpeg()
    .withExif({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '40/1 25/1 0/1' } })
    .toBuffer();

/** An image's decoded width in the page; 0 until it has loaded. */
const naturalWidth = (element: unknown) => {
  const img = element as unknown as { complete: boolean; naturalWidth: number };
  return img.complete ? img.naturalWidth : 0;
};

async function waitUploaded(page: Page): Promise<void> {
  await eventually(async () => {
    expect(await page.locator('.upload-uploading').count()).toBe(0);
    expect(await page.locator('.upload-done').count()).toBeGreaterThan(0);
  });
}

describe('files in Chromium', () => {
  let stack: Stack;
  let ana: Person;
  let luis: Person;

  beforeAll(async () => {
    stack = await startStack('files');
    const anaToken = await registerByApi(stack.url, { username: 'ana', firstName: 'Ana', lastName: 'Ruiz' });
    const luisToken = await registerByApi(stack.url, { username: 'luis', firstName: 'Luis', lastName: 'Vega' });
    await api(stack.url, 'mutation { openDirect(username: "luis") { id } }', {}, anaToken);
    [ana, luis] = await Promise.all([openSignedIn(stack, 'ana', anaToken), openSignedIn(stack, 'luis', luisToken)]);
    await openDirect(ana.page, 'luis');
    await openDirect(luis.page, 'ana');
  }, 120_000);
  afterAll(() => stack?.stop());

  it('sends a photo chosen with the attach button; the other person sees its thumbnail live and opens it whole', async () => {
    await ana.page.locator('.composer input[type=file]').setInputFiles({ name: 'sunset.jpg', mimeType: 'image/jpeg', buffer: await picture(1600, 1000, '#f97316') });
    await waitUploaded(ana.page);
    await composer(ana.page).fill('the view from the hotel');
    await composer(ana.page).press('Enter');

    const thumbnail = luis.page.locator('.attachment-image img').last();
    await thumbnail.waitFor();
    await eventually(async () => expect(await thumbnail.evaluate(naturalWidth)).toBe(512));
    await luis.page.getByRole('button', { name: 'Open sunset.jpg' }).click();
    const lightbox = luis.page.getByRole('dialog', { name: 'sunset.jpg' });
    await lightbox.waitFor();
    await eventually(async () => expect(await lightbox.locator('img').evaluate(naturalWidth)).toBe(1600));
    expect(await luis.page.evaluate<string | null>("document.activeElement?.getAttribute('aria-label')")).toBe('Close');
    await screenshot(luis.page, 'files-lightbox-desktop');
    await luis.page.keyboard.press('Escape');
    await lightbox.waitFor({ state: 'detached' });
    expect(await luis.page.evaluate<string | null>("document.activeElement?.getAttribute('aria-label')")).toBe('Open sunset.jpg');
  });

  it('sends an image pasted into the composer', async () => {
    const png = (await sharp({ create: { width: 300, height: 200, channels: 3, background: '#22c55e' } }).png().toBuffer()).toString('base64');
    await composer(ana.page).focus();
    // What a browser does with a screenshot pasted from the clipboard.
    await ana.page.evaluate(`(() => {
      const bytes = Uint8Array.from(atob('${png}'), (c) => c.charCodeAt(0));
      const data = new DataTransfer();
      data.items.add(new File([bytes], 'pasted.png', { type: 'image/png' }));
      document.querySelector('#composer-input').dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    })()`);
    await waitUploaded(ana.page);
    await ana.page.getByRole('button', { name: 'Send' }).click();
    await luis.page.getByRole('button', { name: 'Open pasted.png' }).waitFor();
    await eventually(async () => expect(await stored(ana.page).last().locator('.attachment-image img').evaluate(naturalWidth)).toBe(300));
  });

  it('never runs an uploaded HTML page or SVG in Charla\'s origin: they are downloads, shown as files', async () => {
    const script = "<script>localStorage.setItem('pwned', document.domain); document.title = 'pwned'</script>";
    for (const [name, body] of [
      ['invite.html', `<!DOCTYPE html><html><body><h1>Hi</h1>${script}</body></html>`],
      ['logo.png', `<svg xmlns="http://www.w3.org/2000/svg" onload="localStorage.setItem('pwned', 1)">${script}</svg>`],
    ]) {
      await ana.page.locator('.composer input[type=file]').setInputFiles({ name, mimeType: 'image/png', buffer: Buffer.from(body) });
    }
    await waitUploaded(ana.page);
    await composer(ana.page).fill('open these?');
    await composer(ana.page).press('Enter');

    const chips = luis.page.locator('.attachment-chip');
    await eventually(async () => expect(await chips.count()).toBe(2));
    expect(await chips.allTextContents()).toEqual([expect.stringContaining('text/html'), expect.stringContaining('image/svg+xml')]);
    await screenshot(luis.page, 'files-desktop');

    // Clicking one downloads it; opening its URL directly downloads it too, nothing renders.
    const [download] = await Promise.all([luis.page.waitForEvent('download'), chips.first().click()]);
    expect(download.suggestedFilename()).toBe('invite.html');
    const href = await chips.last().getAttribute('href');
    const tab = await luis.context.newPage();
    const direct = tab.waitForEvent('download');
    await tab.goto(stack.url + href).catch(() => undefined);
    expect((await direct).suggestedFilename()).toBe('logo.png');
    // Even embedded where a browser would run it, the sandbox keeps it inert.
    await luis.page.evaluate(`(() => {
      const frame = document.createElement('iframe');
      frame.src = ${JSON.stringify(href)};
      document.body.append(frame);
    })()`);
    await luis.page.waitForTimeout(500);
    expect(await luis.page.evaluate("[localStorage.getItem('pwned'), document.title]")).toEqual([null, expect.not.stringContaining('pwned')]);
    await tab.close();
  });

  it('shows files at phone width', async () => {
    const phone = await openSignedIn(stack, 'luis', await luis.page.evaluate<string>("localStorage.getItem('charla.token')"), { phone: true });
    await openDirect(phone.page, 'ana');
    await phone.page.locator('.attachment-image img').first().waitFor();
    const overflow = await phone.page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(phone.page, 'files-phone');
    await phone.context.close();
  });
});
