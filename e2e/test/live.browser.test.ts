// What other people do, seen live in Chromium against the real parts: presence, renames, rooms,
// unread counts, refused and rate-limited sends, and a socket that dies (fatal close, killed gateway).
import type { Page, Response, WebSocketRoute } from 'playwright-core';
import { api, bodies, chatScreen, composer, conversationRow, eventually, openDirect, openSignedIn, pending, person, registerByApi, screenshot, send, showTab, stored, type Person } from '../browser';
import { startStack, type Stack } from '../stack';

jest.setTimeout(90_000);

const SEND = 'mutation($c: ID!, $b: String!) { sendMessage(conversationId: $c, body: $b) { seq } }';

const badge = (page: Page, title: string | RegExp) => conversationRow(page, title).locator('.badge');
const heading = (page: Page, name: string) => page.getByRole('main').getByRole('heading', { name, exact: true });

async function tokenOf(page: Page): Promise<string> {
  return page.evaluate<string>("localStorage.getItem('charla.token')");
}

async function openConversation(page: Page, title: string | RegExp): Promise<void> {
  await showTab(page, 'Chats');
  await conversationRow(page, title).click();
  await composer(page).waitFor();
}

describe('live updates in Chromium', () => {
  let stack: Stack;
  let ana: Person;
  let luis: Person;
  let anaToken: string;
  let luisToken: string;
  let tripId: string;
  let luisId: string;

  beforeAll(async () => {
    // Tight send limits, so a burst typed by a person runs into them.
    stack = await startStack('live', { gatewayEnv: { SENDS_PER_SECOND: '2', SEND_BURST: '4' } });
    anaToken = await registerByApi(stack.url, { username: 'ana', firstName: 'Ana', lastName: 'Ruiz' });
    luisToken = await registerByApi(stack.url, { username: 'luis', firstName: 'Luis', lastName: 'Vega' });
    const { me } = await api<{ me: { id: string } }>(stack.url, '{ me { id } }', {}, luisToken);
    luisId = me.id;
    const { createGroup } = await api<{ createGroup: { id: string } }>(stack.url, 'mutation { createGroup(title: "Trip", usernames: ["luis"]) { id } }', {}, anaToken);
    tripId = createGroup.id;
    await api(stack.url, SEND, { c: tripId, b: 'hi from ana' }, anaToken);
    [ana, luis] = await Promise.all([openSignedIn(stack, 'ana', anaToken), openSignedIn(stack, 'luis', luisToken)]);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('shows busy and away to others live: people list, avatar and the direct chat header', async () => {
    await openDirect(luis.page, 'ana');
    const header = luis.page.locator('.pane-title p');
    for (const [status, label] of [['BUSY', 'busy'], ['AWAY', 'away'], ['ONLINE', 'connected']] as const) {
      await ana.page.getByLabel('Your status').selectOption(status);
      await eventually(async () => expect(await header.textContent()).toBe(label));
      await eventually(async () => expect(await conversationRow(luis.page, 'Ana Ruiz').locator('.dot').getAttribute('class')).toContain(`dot-${status.toLowerCase()}`));
    }
    await ana.page.getByLabel('Your status').selectOption('BUSY');
    await showTab(luis.page, 'People');
    await eventually(async () => expect(await person(luis.page, 'ana').getAttribute('data-status')).toBe('BUSY'));
    expect(await person(luis.page, 'ana').textContent()).toContain('busy');
    await ana.page.getByLabel('Your status').selectOption('ONLINE');
    await eventually(async () => expect(await person(luis.page, 'ana').getAttribute('data-status')).toBe('ONLINE'));
  });

  it('shows a renamed user under the new name everywhere, live (userUpdated)', async () => {
    await openConversation(luis.page, 'Trip');
    const author = luis.page.locator('.messages .author').first();
    await eventually(async () => expect(await author.textContent()).toBe('Ana Ruiz'));

    await ana.page.getByRole('button', { name: 'Edit profile' }).click();
    await ana.page.getByLabel('First name').fill('Anabel');
    await ana.page.getByRole('button', { name: 'Save profile' }).click();
    await ana.page.getByText('Profile saved.').waitFor();
    await ana.page.keyboard.press('Escape');

    // Message authors, the direct chat's title in the list, and the people list.
    await eventually(async () => expect(await author.textContent()).toBe('Anabel Ruiz'));
    await conversationRow(luis.page, 'Anabel Ruiz').waitFor();
    await conversationRow(luis.page, 'Anabel Ruiz').click();
    await heading(luis.page, 'Anabel Ruiz').waitFor();
    await showTab(luis.page, 'People');
    await eventually(async () => expect(await person(luis.page, 'ana').locator('.row-title').textContent()).toBe('Anabel Ruiz'));
  });

  it('creates a room that another user finds, joins and chats in', async () => {
    await showTab(ana.page, 'Chats');
    await ana.page.getByRole('button', { name: 'Rooms', exact: true }).click();
    await ana.page.getByLabel('New room name').fill('book-club');
    await ana.page.getByRole('button', { name: 'Create room' }).click();
    await heading(ana.page, '# book-club').waitFor();

    await showTab(luis.page, 'Chats');
    await luis.page.getByRole('button', { name: 'Rooms', exact: true }).click();
    await luis.page.getByLabel('Find a room').fill('book');
    await screenshot(luis.page, 'rooms-desktop');
    await luis.page.getByRole('button', { name: 'Join book-club' }).click();
    await heading(luis.page, '# book-club').waitFor();

    await send(ana.page, 'Welcome to the club');
    await eventually(async () => expect(await bodies(luis.page)).toEqual(['Welcome to the club']));
    await send(luis.page, 'Thanks!');
    await eventually(async () => expect(await bodies(ana.page)).toEqual(['Welcome to the club', 'Thanks!']));
    await conversationRow(ana.page, '# book-club').locator('.row-preview', { hasText: 'Luis: Thanks!' }).waitFor();
  });

  it('counts unread messages in rooms and groups, and clears them when read', async () => {
    await openConversation(luis.page, '# general');
    await send(ana.page, 'chapter one');
    await send(ana.page, 'chapter two');
    await openConversation(ana.page, 'Trip');
    await send(ana.page, 'bring boots');

    await eventually(async () => expect(await badge(luis.page, '# book-club').textContent()).toBe('2'));
    await eventually(async () => expect(await badge(luis.page, 'Trip').textContent()).toBe('1'));
    expect(await badge(luis.page, '# book-club').getAttribute('aria-label')).toBe('2 unread');

    await conversationRow(luis.page, '# book-club').click();
    await eventually(async () => expect((await bodies(luis.page)).slice(-2)).toEqual(['chapter one', 'chapter two']));
    await eventually(async () => expect(await badge(luis.page, '# book-club').count()).toBe(0));
    await conversationRow(luis.page, 'Trip').click();
    await eventually(async () => expect(await badge(luis.page, 'Trip').count()).toBe(0));

    // The server agrees: after a reload nothing is unread.
    await luis.page.reload();
    await chatScreen(luis.page).waitFor();
    await conversationRow(luis.page, 'Trip').waitFor();
    expect(await luis.page.locator('.conversation-row .badge').count()).toBe(0);

    // And counting starts again from there.
    await openConversation(luis.page, '# general');
    await openConversation(ana.page, '# book-club');
    await send(ana.page, 'chapter three');
    await eventually(async () => expect(await badge(luis.page, '# book-club').textContent()).toBe('1'));
    await conversationRow(luis.page, '# book-club').click();
    await eventually(async () => expect(await badge(luis.page, '# book-club').count()).toBe(0));
  });

  it('holds a burst over the rate limit and sends it all, in order and once, with nothing to click', async () => {
    let limited = 0;
    const count = (response: Response) =>
      void response.text().then((text) => (limited += text.includes('TOO_MANY_REQUESTS') ? 1 : 0), () => undefined);
    luis.page.on('response', count);
    const burst = Array.from({ length: 8 }, (_, i) => `burst ${i + 1}`);
    // Typed and sent inside the page, as fast as a paste-and-Enter typist: round trips from the test
    // on a busy machine could be slow enough to stay under the limit.
    await luis.page.evaluate(`(async (texts) => {
      const box = document.getElementById('composer-input');
      for (const text of texts) {
        box.value = text;
        box.dispatchEvent(new InputEvent('input', { bubbles: true }));
        await new Promise((resolve) => setTimeout(resolve, 0));
        box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
    })(${JSON.stringify(burst)})`);
    await eventually(async () => expect((await bodies(luis.page)).slice(-8)).toEqual(burst), 20_000);
    expect(await pending(luis.page).count()).toBe(0);
    await eventually(async () => expect((await bodies(ana.page)).slice(-8)).toEqual(burst));
    luis.page.off('response', count);
    // The gateway did refuse some of them for going too fast: the client waited and sent again.
    expect(limited).toBeGreaterThan(0);
    expect(await luis.page.locator('li.message.failed').count()).toBe(0);
  });

  it('says why a message was refused and lets the person edit, retry or discard it', async () => {
    // A message the server cannot take (too long), left in this browser's outbox, e.g. by an older version.
    const roomId = await conversationRow(luis.page, '# book-club').getAttribute('data-conversation');
    const tooLong = `${'x'.repeat(3999)} yz`;
    const outbox = (clientId: string) => JSON.stringify([{ clientId, conversationId: roomId, body: tooLong, createdAt: new Date().toISOString() }]);
    await luis.page.evaluate(`localStorage.setItem('charla.outbox.${luisId}', ${JSON.stringify(outbox('11111111-1111-4111-8111-111111111111'))})`);
    await luis.page.reload();
    await openConversation(luis.page, '# book-club');
    const failed = luis.page.locator('li.message.failed');
    await failed.getByText('Not sent: the message must be at most 4000 characters.').waitFor();
    await screenshot(luis.page, 'unsent-desktop');
    // Retrying it unchanged cannot work, so only editing and discarding are offered.
    expect(await failed.getByRole('button', { name: 'Retry' }).count()).toBe(0);
    await failed.getByRole('button', { name: 'Edit' }).click();
    expect(await failed.count()).toBe(0);
    expect(await composer(luis.page).inputValue()).toBe(tooLong);
    await luis.page.getByText('2 characters too long').waitFor();
    expect(await luis.page.getByRole('button', { name: 'Send' }).isDisabled()).toBe(true);
    await composer(luis.page).press('End');
    await composer(luis.page).press('Backspace');
    await composer(luis.page).press('Backspace');
    await luis.page.getByText('1 character left').waitFor();
    await composer(luis.page).press('Enter');
    await eventually(async () => expect((await bodies(luis.page)).at(-1)).toBe('x'.repeat(3999)));

    await luis.page.evaluate(`localStorage.setItem('charla.outbox.${luisId}', ${JSON.stringify(outbox('22222222-2222-4222-8222-222222222222'))})`);
    await luis.page.reload();
    await openConversation(luis.page, '# book-club');
    await failed.getByRole('button', { name: 'Discard' }).click();
    expect(await failed.count()).toBe(0);
    expect(await luis.page.evaluate(`localStorage.getItem('charla.outbox.${luisId}')`)).toBe('[]');

    // Written offline in a group the person left meanwhile on another device: refused, and still shown.
    await openConversation(luis.page, 'Trip');
    await luis.context.setOffline(true);
    // Once the page knows: a send before that would still go out over the open socket.
    await luis.page.getByText('You are offline').waitFor();
    await send(luis.page, 'are we still going?');
    await pending(luis.page).waitFor();
    await api(stack.url, 'mutation($c: ID!) { leaveConversation(conversationId: $c) }', { c: tripId }, await tokenOf(luis.page));
    await luis.context.setOffline(false);
    const stranded = luis.page.getByRole('region', { name: 'Messages not sent' });
    await stranded.getByText('are we still going?').waitFor({ timeout: 20_000 });
    await stranded.getByText('you are no longer in this conversation').waitFor();
    await eventually(async () => expect(await conversationRow(luis.page, 'Trip').count()).toBe(0));
    await stranded.getByRole('button', { name: 'Discard' }).click();
    await stranded.waitFor({ state: 'detached' });
  });

  it('rebuilds the socket after a fatal close and fills in what was missed, once', async () => {
    const context = await stack.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const sockets: WebSocketRoute[] = [];
    // In the middle, so the test can close the page's socket as a failing server would (4500).
    await page.routeWebSocket(/\/graphql$/, (ws) => {
      ws.connectToServer();
      sockets.push(ws);
    });
    await page.goto(stack.url);
    await page.evaluate(`localStorage.setItem('charla.token', ${JSON.stringify(luisToken)})`);
    await page.reload();
    await openConversation(page, '# book-club');
    await eventually(() => expect(sockets).toHaveLength(1));
    await eventually(async () => expect((await bodies(page)).at(-1)).toBe('x'.repeat(3999)));
    const before = await bodies(page);

    await sockets[0].close({ code: 4500, reason: 'Internal server error' });
    await page.getByText('You are offline').waitFor();
    await send(ana.page, 'while the socket was down');
    await page.getByText('You are offline').waitFor({ state: 'detached', timeout: 20_000 });
    expect(sockets).toHaveLength(2);
    await eventually(async () => expect((await bodies(page)).slice(before.length)).toEqual(['while the socket was down']));
    // Live again on the new socket.
    await send(ana.page, 'and after');
    await eventually(async () => expect((await bodies(page)).slice(before.length)).toEqual(['while the socket was down', 'and after']));
    await context.close();
  });

  it('survives a killed gateway process: banner, reconnect to the restarted one, missed messages once, pending sent once', async () => {
    const gateway = await stack.spawnGateway();
    const other = await openSignedIn(stack, 'luis', luisToken, { url: gateway.url });
    await openConversation(other.page, 'Anabel Ruiz');
    await other.page.getByText('Beginning of the conversation').or(other.page.getByText('No messages yet. Say hello!')).waitFor();
    const seenBefore = await bodies(other.page);
    await showTab(ana.page, 'Chats');
    await conversationRow(ana.page, 'Luis Vega').click();

    await gateway.kill();
    await other.page.getByText('You are offline').waitFor();
    const missed = ['first while the gateway was down', 'second while the gateway was down'];
    for (const text of missed) await send(ana.page, text);
    await api(stack.url, SEND, { c: await conversationRow(ana.page, '# book-club').getAttribute('data-conversation'), b: 'room news' }, anaToken);
    await send(other.page, 'typed while the gateway was down');
    await pending(other.page).waitFor();

    await gateway.start();
    await other.page.getByText('You are offline').waitFor({ state: 'detached', timeout: 30_000 });
    await eventually(async () => expect((await bodies(other.page)).slice(seenBefore.length)).toEqual([...missed, 'typed while the gateway was down']), 20_000);
    expect(await pending(other.page).count()).toBe(0);
    const seqs = await stored(other.page).evaluateAll((items) => items.map((li) => Number(li.getAttribute('data-seq'))));
    expect(new Set(seqs).size).toBe(seqs.length);
    await eventually(async () => expect(await badge(other.page, '# book-club').textContent()).toBe('1'));
    await eventually(async () => expect((await bodies(ana.page)).filter((b) => b === 'typed while the gateway was down')).toHaveLength(1));
    await other.context.close();
  });
});
