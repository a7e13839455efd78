// Richer conversations in Chromium with two people: replies and the jump to the original,
// reactions live on the other side, @mentions with the picker, Markdown (and an XSS corpus that
// stays inert in the real page), pins, a group renamed live, and browser notifications that a
// mute stops (window.Notification replaced by a recorder in the page).
import type { BrowserContext, Page } from 'playwright-core';
import { api, composer, conversationRow, eventually, openSignedIn, registerByApi, screenshot, send, showTab, type Person } from '../browser';
import { startStack, type Stack } from '../stack';

jest.setTimeout(120_000);

const SEND = 'mutation($c: ID!, $b: String!, $r: ID) { sendMessage(conversationId: $c, body: $b, replyToId: $r) { id seq } }';

/**
 * Before any page script: a Notification that records what it is asked to show (permission
 * granted once asked), a switch for the tab being hidden, and alert/confirm/prompt that record
 * instead of blocking, so a payload that ran would leave a trace.
 */
const PAGE_SPIES = `(() => {
  window.__notifications = [];
  window.__permissionAsked = 0;
  window.__xss = [];
  let permission = 'default';
  class RecordingNotification {
    constructor(title, options = {}) { this.title = title; this.body = options.body; this.tag = options.tag; window.__notifications.push(this); }
    close() {}
    static get permission() { return permission; }
    static async requestPermission() { window.__permissionAsked++; permission = 'granted'; return permission; }
  }
  window.Notification = RecordingNotification;
  let hidden = false;
  Object.defineProperty(document, 'visibilityState', { get: () => (hidden ? 'hidden' : 'visible') });
  Object.defineProperty(document, 'hidden', { get: () => hidden });
  window.__setHidden = (value) => { hidden = value; document.dispatchEvent(new Event('visibilitychange')); };
  for (const name of ['alert', 'confirm', 'prompt']) window[name] = (...args) => { window.__xss.push(name + ':' + args.join(' ')); return true; };
})()`;

type Spied = { __notifications: { title: string; body: string }[]; __permissionAsked: number };
const setHidden = (page: Page, hidden: boolean) => page.evaluate(`window.__setHidden(${hidden})`);

async function withSpies(context: BrowserContext): Promise<void> {
  await context.addInitScript(PAGE_SPIES);
}

/** The stored message whose body says `text` (pending ones are left out). */
const messageWith = (page: Page, text: string) => page.locator('.messages li.message[data-seq]').filter({ has: page.locator('.body', { hasText: text }) });

async function openGroup(person: Person, title: string | RegExp): Promise<void> {
  await showTab(person.page, 'Chats');
  await conversationRow(person.page, title).click();
  await composer(person.page).waitFor();
}

describe('richer conversations in Chromium', () => {
  let stack: Stack;
  let ana: Person;
  let luis: Person;
  let anaToken: string;
  let luisToken: string;
  let group: string;
  const dialogs: string[] = [];

  beforeAll(async () => {
    stack = await startStack('conversations');
    anaToken = await registerByApi(stack.url, { username: 'ana', firstName: 'Ana', lastName: 'Ruiz' });
    luisToken = await registerByApi(stack.url, { username: 'luis', firstName: 'Luis', lastName: 'Paz' });
    ({ createGroup: { id: group } } = await api<{ createGroup: { id: string } }>(stack.url, 'mutation { createGroup(title: "Trip", usernames: ["luis"]) { id } }', {}, anaToken));
    // The first message is one page and more back: a jump to it loads history.
    await api(stack.url, SEND, { c: group, b: 'Where do we meet? The **station** or the `airport`?' }, anaToken);
    for (let i = 1; i <= 45; i++) await api(stack.url, SEND, { c: group, b: `plan ${i}` }, i % 2 ? anaToken : luisToken);
    ana = await openSignedIn(stack, 'ana', anaToken);
    luis = await openSignedIn(stack, 'luis', luisToken);
    for (const person of [ana, luis]) {
      await withSpies(person.context);
      await person.page.reload();
      person.page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
    }
    await openGroup(ana, 'Trip');
    await openGroup(luis, 'Trip');
  }, 180_000);
  afterAll(() => stack?.stop());

  it('replies with a quote of the original, and a click on the quote goes back to it, loading history', async () => {
    const last = messageWith(luis.page, 'plan 45');
    await last.hover();
    await last.getByRole('button', { name: 'Reply' }).click();
    await luis.page.getByRole('status').filter({ hasText: 'Replying to' }).waitFor();
    await send(luis.page, 'Works for me');
    const reply = messageWith(luis.page, 'Works for me');
    await eventually(async () => expect(await reply.locator('.reply-quote').textContent()).toContain('plan 45'));

    // Luis answers the very first message too; Ana follows the quote up to it.
    await api(stack.url, SEND, { c: group, b: 'About the first question: the station', r: await firstMessageId() }, luisToken);
    const answer = messageWith(ana.page, 'About the first question');
    const quote = answer.getByRole('button', { name: /In reply to Ana Ruiz: Where do we meet\? The station or the airport\?/ });
    await quote.waitFor();
    expect(await ana.page.locator('.messages li.message[data-seq="1"]').count()).toBe(0);
    await quote.click();
    const original = ana.page.locator('.messages li.message[data-seq="1"]');
    await original.waitFor();
    await eventually(async () => expect(await original.getAttribute('class')).toContain('highlighted'));
    expect(await inView(original)).toBe(true);
    await screenshot(ana.page, 'reply-jump-desktop');
  });

  it('reacts through the picker, and the count changes live on the other side', async () => {
    const target = messageWith(ana.page, 'plan 44');
    await target.hover();
    await target.getByRole('button', { name: 'Add reaction' }).click();
    const picker = ana.page.getByRole('dialog', { name: 'Choose an emoji' });
    await picker.getByRole('button', { name: /grinning face/ }).first().waitFor();
    await screenshot(ana.page, 'emoji-picker-desktop');
    await picker.getByRole('searchbox', { name: 'Search emoji' }).fill('thumbs up');
    await picker.getByRole('button', { name: /thumbs up/ }).first().click();

    const onLuis = messageWith(luis.page, 'plan 44').locator('button.reaction', { hasText: '👍' });
    await eventually(async () => expect(await onLuis.textContent()).toBe('👍1'));
    expect(await onLuis.getAttribute('aria-pressed')).toBe('false');
    await onLuis.click();
    const onAna = messageWith(ana.page, 'plan 44').locator('button.reaction', { hasText: '👍' });
    await eventually(async () => expect(await onAna.textContent()).toBe('👍2'));
    expect(await onAna.getAttribute('aria-pressed')).toBe('true');
    await eventually(async () => expect(await onLuis.getAttribute('aria-pressed')).toBe('true'));
    await screenshot(luis.page, 'reactions-desktop');
  });

  it('mentions with the @ picker by keyboard; the other sees the mention count and the highlight', async () => {
    // Luis looks elsewhere, so the mention waits for him.
    await openGroup(luis, /general/);
    await composer(ana.page).click();
    await composer(ana.page).pressSequentially('See you there @lu', { delay: 15 });
    const list = ana.page.getByRole('listbox', { name: 'Members to mention' });
    await list.waitFor();
    const option = list.getByRole('option', { name: /Luis Paz/ });
    expect(await option.getAttribute('aria-selected')).toBe('true');
    expect(await composer(ana.page).getAttribute('aria-activedescendant')).toBe(await option.getAttribute('id'));
    await screenshot(ana.page, 'mention-picker-desktop');
    await composer(ana.page).press('Enter');
    expect(await composer(ana.page).inputValue()).toBe('See you there @luis ');
    await composer(ana.page).pressSequentially('at nine', { delay: 10 });
    await composer(ana.page).press('Enter');

    const row = conversationRow(luis.page, 'Trip');
    await eventually(async () => expect(await row.locator('.mention-badge').textContent()).toBe('@1'));
    expect(await row.locator('.badge:not(.mention-badge)').textContent()).not.toBe('');
    await screenshot(luis.page, 'mention-count-desktop');
    await row.click();
    const mention = messageWith(luis.page, 'See you there').locator('.mention.mention-me');
    await eventually(async () => expect(await mention.textContent()).toBe('@luis'));
    await eventually(async () => expect(await row.locator('.mention-badge').count()).toBe(0));
  });

  it('renders Markdown, and a corpus of XSS payloads stays inert in the page', async () => {
    await send(ana.page, '**bold** _slanted_ ~~gone~~ `code`\n- one\n- two\n\n> quoted\n\n```\nconst a = 1;\n```\n[our site](https://example.org)');
    const rendered = messageWith(luis.page, 'bold');
    await rendered.waitFor();
    const body = rendered.locator('.body');
    for (const selector of ['strong', 'em', 's', 'code', 'ul li', 'blockquote', 'pre code']) await body.locator(selector).first().waitFor();
    const link = body.getByRole('link', { name: 'our site' });
    expect(await link.getAttribute('href')).toBe('https://example.org/');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer nofollow');
    await screenshot(luis.page, 'markdown-desktop');

    const payloads = [
      '<script>alert("script")</script>',
      '<img src=x onerror=alert("img")>',
      '<svg onload=alert("svg")>',
      '[click](javascript:alert("js-link"))',
      '[click](JaVaScRiPt:alert("mixed"))',
      '[click](&#106;avascript:alert("entity"))',
      '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
      '<javascript:alert("autolink")>',
      '![x](javascript:alert("image"))',
      '<a href="javascript:alert(1)">raw anchor</a>',
      '**<img src=x onerror=alert("nested")>**',
      '[<img src=x onerror=alert(1)>](https://example.org)',
      '<iframe src="javascript:alert(1)"></iframe>',
      '"><script>alert("break out")</script>',
      '<style>body{display:none}</style>',
      '<div onmouseover="alert(1)">hover</div>',
    ];
    for (const payload of payloads) await api(stack.url, SEND, { c: group, b: payload }, anaToken);
    await eventually(async () => expect(await messageWith(luis.page, 'hover').count()).toBe(1));
    // Hover and click everything the payloads produced, as a curious person would.
    for (const anchor of await luis.page.locator('.messages .body a').all()) await anchor.hover();
    await luis.page.waitForTimeout(300);
    const found = await luis.page.evaluate(`(() => {
      const messages = document.querySelector('.messages');
      const all = [...messages.querySelectorAll('*')];
      return {
        scripts: messages.querySelectorAll('script, iframe, img, style, object, embed, form').length,
        handlers: all.filter((el) => [...el.attributes].some((a) => a.name.startsWith('on'))).length,
        unsafeLinks: [...messages.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')).filter((href) => !/^(https?:|mailto:)/.test(href)),
        styled: document.body.style.display,
        xss: window.__xss,
      };
    })()`);
    expect(found).toEqual({ scripts: 0, handlers: 0, unsafeLinks: [], styled: '', xss: [] });
    expect(dialogs).toEqual([]);
    // Each payload still shows, as text.
    expect(await messageWith(luis.page, '<script>alert("script")</script>').count()).toBe(1);
  });

  it('pins a message; the pinned panel shows it live on both sides', async () => {
    await luis.page.getByRole('button', { name: 'Pinned messages', exact: true }).click();
    const luisPanel = luis.page.getByRole('complementary', { name: 'Pinned messages' });
    await luisPanel.getByText('Nothing is pinned yet').waitFor();
    const target = messageWith(ana.page, 'plan 40');
    await target.hover();
    await target.getByRole('button', { name: 'Pin' }).click();
    await eventually(async () => expect(await luisPanel.locator('.pinned-text').allTextContents()).toEqual(['plan 40']));
    await ana.page.getByRole('button', { name: 'Pinned messages', exact: true }).click();
    await ana.page.getByRole('complementary', { name: 'Pinned messages' }).getByText('plan 40').waitFor();
    await screenshot(luis.page, 'pinned-desktop');
    await luisPanel.getByRole('button', { name: 'Close pinned messages' }).click();
    await ana.page.getByRole('button', { name: 'Close pinned messages' }).click();
  });

  it('renames the group and sets its topic, live for the other member, with system lines', async () => {
    await luis.page.getByRole('button', { name: 'Conversation settings', exact: true }).click();
    const dialog = luis.page.getByRole('dialog', { name: 'Conversation settings' });
    await dialog.getByLabel('Name').fill('Trip to Porto');
    await dialog.getByLabel('Topic').fill('Friday, 9:00 at the station');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await eventually(async () => expect(await ana.page.locator('.pane-title h2').textContent()).toBe('Trip to Porto'));
    expect(await ana.page.locator('.pane-title p').textContent()).toContain('Friday, 9:00 at the station');
    const lines = ana.page.locator('.messages .system-line > span');
    await eventually(async () =>
      expect(await lines.allTextContents()).toEqual([
        'Luis Paz renamed the group to “Trip to Porto”',
        'Luis Paz set the topic to “Friday, 9:00 at the station”',
      ]),
    );
    const row = conversationRow(ana.page, 'Trip to Porto');
    await eventually(async () => expect(await row.locator('.row-preview').textContent()).toBe('Luis Paz set the topic to “Friday, 9:00 at the station”'));
    await ana.page.locator('.messages').evaluate((el) => (el.scrollTop = el.scrollHeight));
    await screenshot(ana.page, 'group-renamed-desktop');
  });

  it('notifies while the tab is hidden, as plain text, with the count in the title; a mute stops it', async () => {
    const page = ana.page;
    await page.getByRole('button', { name: 'Turn on notifications' }).click();
    await eventually(async () => expect(await page.evaluate<Spied['__permissionAsked']>('window.__permissionAsked')).toBe(1));
    const shown = () => page.evaluate<Spied['__notifications']>('window.__notifications.map((n) => ({ title: n.title, body: n.body }))');

    await setHidden(page, true);
    await send(luis.page, 'Tickets are **booked**');
    await eventually(async () => expect(await shown()).toEqual([{ title: 'Luis Paz in Trip to Porto', body: 'Tickets are booked' }]));
    await eventually(async () => expect(await page.title()).toBe('(1) Charla'));

    // Back in view: mute the group, then hide again.
    await setHidden(page, false);
    await page.getByRole('button', { name: 'Conversation settings', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Conversation settings' });
    await dialog.getByLabel('Mute (no notifications)').check();
    await dialog.getByText('Muted: no notifications from here.').waitFor();
    await screenshot(page, 'conversation-settings-desktop');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await eventually(async () => expect(await conversationRow(page, 'Trip to Porto').locator('.row-mark[title="Muted"]').count()).toBe(1));
    await setHidden(page, true);
    await send(luis.page, 'Muted, so this one stays quiet');
    await eventually(async () => expect(await messageWith(page, 'stays quiet').count()).toBe(1));
    await page.waitForTimeout(500);
    expect(await shown()).toHaveLength(1);
    await setHidden(page, false);
  });

  async function firstMessageId(): Promise<string> {
    const { messages } = await api<{ messages: { edges: { node: { id: string } }[] } }>(stack.url, 'query($c: ID!) { messages(conversationId: $c, first: 1, after: "0") { edges { node { id } } } }', { c: group }, anaToken);
    return messages.edges[0].node.id;
  }
});

async function inView(locator: ReturnType<Page['locator']>): Promise<boolean> {
  return locator.evaluate((el) => {
    const box = el.getBoundingClientRect();
    const pane = el.closest('.messages')!.getBoundingClientRect();
    return box.top >= pane.top - 1 && box.bottom <= pane.bottom + 1;
  });
}
