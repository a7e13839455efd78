// Keyboard and assistive technology in Chromium: the main flow by keyboard alone, a name for
// every control (from the browser's own accessibility tree), dialogs that hold and return focus,
// and text contrast in light and dark.
import type { Page } from 'playwright-core';
import { api, bodies, chatScreen, composer, conversationRow, eventually, openApp, openSignedIn, registerByApi, showTab, type Person } from '../browser';
import { startStack, type Stack } from '../stack';

jest.setTimeout(90_000);

const SEND = 'mutation($c: ID!, $b: String!) { sendMessage(conversationId: $c, body: $b) { id } }';

/** What has focus: its accessible name as a person would hear it, and whether focus is visible. */
async function focused(page: Page): Promise<{ name: string; tag: string; visible: boolean; inDialog: boolean }> {
  return page.evaluate(`(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { name: '', tag: 'body', visible: false, inDialog: false };
    const labelled = el.getAttribute('aria-labelledby');
    const name = (el.getAttribute('aria-label') || (labelled && document.getElementById(labelled)?.textContent) ||
      (el.labels && el.labels[0] && el.labels[0].textContent) || el.textContent || '').trim();
    const style = getComputedStyle(el);
    const visible = el.matches(':focus-visible') && (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0 || style.boxShadow !== 'none');
    return { name, tag: el.tagName.toLowerCase(), visible, inDialog: Boolean(el.closest('dialog')) };
  })()`);
}

/** Presses Tab (or Shift+Tab) until the focused control is named `name`; every stop on the way must show focus. */
async function tabTo(page: Page, name: string | RegExp, options: { back?: boolean; max?: number } = {}): Promise<void> {
  const seen: string[] = [];
  for (let i = 0; i < (options.max ?? 60); i++) {
    await page.keyboard.press(options.back ? 'Shift+Tab' : 'Tab');
    const now = await focused(page);
    seen.push(`${now.tag}:${now.name}`);
    if (now.tag !== 'body') expect({ stop: now.name, visible: now.visible }).toEqual({ stop: now.name, visible: true });
    if (typeof name === 'string' ? now.name === name : name.test(now.name)) return;
  }
  throw new Error(`never reached ${String(name)} by keyboard; stops: ${seen.join(' | ')}`);
}

/** Controls with no accessible name, from Chromium's accessibility tree (ARIA snapshot). */
async function unnamedControls(page: Page): Promise<string[]> {
  const tree = await page.locator('body').ariaSnapshot();
  return tree.split('\n').filter((line) => /^\s*- (button|textbox|combobox|link|tab|checkbox|searchbox|radio|switch|menuitem|slider|spinbutton)\b(?! ")/.test(line));
}

/** Visible text whose contrast with what is behind it is under WCAG AA (4.5:1, 3:1 for large text). */
async function lowContrast(page: Page): Promise<string[]> {
  return page.evaluate(`(() => {
    const canvas = document.createElement('canvas').getContext('2d');
    const parse = (css) => {
      canvas.fillStyle = '#000'; canvas.fillStyle = css;
      const v = canvas.fillStyle;
      if (v.startsWith('#')) return [parseInt(v.slice(1, 3), 16), parseInt(v.slice(3, 5), 16), parseInt(v.slice(5, 7), 16), 1];
      const m = v.match(/[\\d.]+/g).map(Number);
      return [m[0], m[1], m[2], m[3] ?? 1];
    };
    const over = (top, bottom) => [0, 1, 2].map((i) => top[i] * top[3] + bottom[i] * (1 - top[3])).concat(1);
    const background = (el) => {
      const layers = [];
      for (let node = el; node; node = node.parentElement) {
        const style = getComputedStyle(node);
        if (style.backgroundImage !== 'none' && !node.matches('.signin')) return null; // gradients: judged by eye
        const color = parse(style.backgroundColor);
        if (color[3] > 0) layers.push(color);
        if (color[3] >= 1) break;
      }
      return layers.reverse().reduce((below, layer) => over(layer, below), [255, 255, 255, 1]);
    };
    const luminance = (c) => {
      const [r, g, b] = c.slice(0, 3).map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const problems = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
      const el = text.parentElement;
      if (!text.textContent.trim() || !el || el.closest('[aria-hidden="true"], .visually-hidden, :disabled, [inert]')) continue;
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || !el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
      const style = getComputedStyle(el);
      const bg = background(el);
      if (!bg) continue;
      let alpha = 1;
      for (let node = el; node; node = node.parentElement) alpha *= parseFloat(getComputedStyle(node).opacity);
      const fg = parse(style.color);
      const shown = over([fg[0], fg[1], fg[2], fg[3] * alpha], bg);
      const [a, b] = [luminance(shown), luminance(bg)].sort((x, y) => y - x);
      const ratio = (a + 0.05) / (b + 0.05);
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5)) problems.push(el.className + ' "' + text.textContent.trim().slice(0, 30) + '" ' + ratio.toFixed(2) + ' ' + style.color + ' on rgb(' + bg.slice(0, 3).map(Math.round).join(',') + ')');
    }
    return [...new Set(problems)];
  })()`);
}

describe('keyboard and accessibility in Chromium', () => {
  let stack: Stack;
  let lee: Person;
  let leeToken: string;

  beforeAll(async () => {
    stack = await startStack('a11y');
    await registerByApi(stack.url, { username: 'kim', firstName: 'Kim', lastName: 'Park' });
    leeToken = await registerByApi(stack.url, { username: 'lee', firstName: 'Lee', lastName: 'Chan' });
    await registerByApi(stack.url, { username: 'max', firstName: 'Max', lastName: 'Berg' });
    lee = await openSignedIn(stack, 'lee', leeToken);
    await api(stack.url, 'mutation { setStatus(status: AWAY) { id } }', {}, leeToken);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('does the main flow by keyboard alone, with focus always visible', async () => {
    const { context, page } = await openApp(stack);
    await tabTo(page, 'Username');
    await page.keyboard.type('kim');
    await tabTo(page, 'Password');
    await page.keyboard.type('kim-password-1');
    await page.keyboard.press('Enter');
    await chatScreen(page).waitFor();

    // The people tab, by arrow key within the tab list (one Tab stop for the list).
    await tabTo(page, 'Chats');
    await page.keyboard.press('ArrowRight');
    expect((await focused(page)).name).toBe('People');
    await tabTo(page, 'Message lee');
    await page.keyboard.press('Enter');
    await eventually(async () => expect((await focused(page)).name).toBe('Message'));
    await page.keyboard.type('hello by keyboard');
    await page.keyboard.press('Enter');
    await eventually(async () => expect(await bodies(page)).toEqual(['hello by keyboard']));

    // Editing one's own message: its actions come into view when focus reaches them.
    await tabTo(page, 'Edit', { back: true });
    await page.keyboard.press('Enter');
    await eventually(async () => expect((await focused(page)).name).toBe('Edit message'));
    await page.keyboard.press('End');
    await page.keyboard.type(', edited');
    await page.keyboard.press('Enter');
    await eventually(async () => expect(await bodies(page)).toEqual(['hello by keyboard, edited']));

    // A dialog: focus starts inside, stays inside, Escape closes it and focus returns to its opener.
    await tabTo(page, 'Edit profile', { back: true });
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Your profile' }).waitFor();
    expect(await focused(page)).toMatchObject({ name: 'First name', inDialog: true });
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      expect(await focused(page)).toMatchObject({ inDialog: true, visible: true });
    }
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    expect((await focused(page)).name).toBe('Edit profile');
    // Its close button too: the dialog is still open when it goes, and focus still comes back.
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Your profile' }).waitFor();
    await tabTo(page, 'Close', { back: true });
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    expect((await focused(page)).name).toBe('Edit profile');

    // A group made and used by keyboard: after the dialog, writing is where focus lands.
    await tabTo(page, 'New group');
    await page.keyboard.press('Enter');
    await eventually(async () => expect((await focused(page)).name).toBe('Group name'));
    await page.keyboard.type('Keyboard club');
    await page.keyboard.press('Tab');
    await page.keyboard.type('lee');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Keyboard club' }).waitFor();
    await eventually(async () => expect((await focused(page)).name).toBe('Message'));
    await page.keyboard.type('made without a mouse');
    await page.keyboard.press('Enter');
    await eventually(async () => expect(await bodies(page)).toEqual(['made without a mouse']));

    // Signing out by keyboard too.
    await tabTo(page, 'Sign out', { back: true });
    await page.keyboard.press('Enter');
    await page.getByRole('tab', { name: 'Sign in' }).waitFor();
    await context.close();
  });

  it('gives every control a name, on every screen and dialog', async () => {
    const { context, page } = await openApp(stack, { phone: true });
    expect(await unnamedControls(page)).toEqual([]);
    await page.getByRole('tab', { name: 'Create account' }).click();
    expect(await unnamedControls(page)).toEqual([]);

    const desktop = lee.page;
    await showTab(desktop, 'Chats');
    await conversationRow(desktop, 'Kim Park').click();
    await composer(desktop).waitFor();
    expect(await unnamedControls(desktop)).toEqual([]);
    // The messages are a log: new ones are announced politely; so is the connection banner.
    expect(await desktop.getByRole('log', { name: 'Messages' }).getAttribute('aria-live')).toBe('polite');
    expect(await desktop.locator('.banners').getAttribute('role')).toBe('status');
    await showTab(desktop, 'People');
    expect(await unnamedControls(desktop)).toEqual([]);
    await showTab(desktop, 'Chats');
    for (const [opener, dialog] of [
      ['Edit profile', 'Your profile'],
      ['New group', 'New group'],
      ['Rooms', 'Rooms'],
    ] as const) {
      await desktop.getByRole('button', { name: opener, exact: true }).click();
      await desktop.getByRole('dialog', { name: dialog }).waitFor();
      expect(await unnamedControls(desktop)).toEqual([]);
      await desktop.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
      await desktop.getByRole('dialog').waitFor({ state: 'detached' });
    }
    await context.close();
  });

  it('keeps text readable (WCAG AA contrast) in light and dark', async () => {
    const { openDirect } = await api<{ openDirect: { id: string } }>(stack.url, 'mutation { openDirect(username: "kim") { id } }', {}, leeToken);
    await api(stack.url, SEND, { c: openDirect.id, b: 'Hi Kim, see https://example.org' }, leeToken);
    const { sendMessage } = await api<{ sendMessage: { id: string } }>(stack.url, SEND, { c: openDirect.id, b: 'oops' }, leeToken);
    await api(stack.url, 'mutation($id: ID!) { deleteMessage(id: $id) { id } }', { id: sendMessage.id }, leeToken);
    for (const dark of [false, true]) {
      await api(stack.url, SEND, { c: openDirect.id, b: dark ? 'unread in the dark' : 'unread in the light' }, leeToken);
      const signin = await openApp(stack, { dark });
      await signin.page.getByRole('heading', { name: 'Charla' }).waitFor();
      expect(await lowContrast(signin.page)).toEqual([]);
      await signin.context.close();

      // A chat with others' and own messages, an edited and a deleted one, people away and offline.
      const kim = await openApp(stack, { dark });
      await kim.page.getByLabel('Username').fill('kim');
      await kim.page.getByLabel('Password').fill('kim-password-1');
      await kim.page.getByRole('button', { name: 'Sign in' }).click();
      await chatScreen(kim.page).waitFor();
      // The list first, with an unread badge; then the direct chat.
      await conversationRow(kim.page, 'Lee Chan').locator('.badge').waitFor();
      expect(await lowContrast(kim.page)).toEqual([]);
      await conversationRow(kim.page, 'Lee Chan').click();
      await kim.page.getByText('This message was deleted').waitFor();
      await kim.page.locator('.edited').first().waitFor();
      await eventually(async () => expect(await lowContrast(kim.page)).toEqual([]));
      await showTab(kim.page, 'People');
      expect(await lowContrast(kim.page)).toEqual([]);
      await kim.context.setOffline(true);
      await kim.page.getByText('You are offline').waitFor();
      expect(await lowContrast(kim.page)).toEqual([]);
      await kim.context.close();
    }
  });
});
