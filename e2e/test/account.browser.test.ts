// Accounts in Chromium against the real parts: the sign-in that may create the account,
// signing out, and a password change that ends the user's other sessions.
import type { Page } from 'playwright-core';
import { chatScreen, eventually, openApp, pending, screenshot, send, signIn, signInScreen, type Person } from '../browser';
import { startStack, type Stack } from '../stack';

jest.setTimeout(60_000);

/** The GraphQL operations a page sends, by name, to count what a screen costs the server. */
function recordOperations(page: Page): string[] {
  const names: string[] = [];
  page.on('request', (request) => {
    const body = request.method() === 'POST' && request.url().endsWith('/graphql') ? request.postData() : null;
    const name = body && /(?:query|mutation)\s+(\w+)/.exec(JSON.parse(body).query as string)?.[1];
    if (name) names.push(name);
  });
  return names;
}

async function storedToken(page: Page): Promise<string | null> {
  return page.evaluate<string | null>("localStorage.getItem('charla.token')");
}

async function me(url: string, token: string): Promise<{ status: number; me: unknown }> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: '{ me { username } }' }),
  });
  const payload = (await response.json()) as { data?: { me: unknown } };
  return { status: response.status, me: payload.data?.me ?? null };
}

describe('accounts in Chromium', () => {
  let stack: Stack;
  let eva: Person;

  beforeAll(async () => {
    stack = await startStack('account');
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('creates the account on a first sign-in only when the person asks, so a wrong password costs no registration', async () => {
    const { context, page } = await openApp(stack);
    const operations = recordOperations(page);
    await page.getByLabel('Username').fill('eva');
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Wrong username or password.').waitFor();
    const offer = page.getByRole('button', { name: 'Create account “eva”' });
    await offer.waitFor();
    expect(operations).toEqual(['Login']);
    await screenshot(page, 'signin-offer-desktop');
    // Focus moves to the offer, so Enter accepts it; a too-short password shows at its field.
    await eventually(async () => expect(await offer.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true));
    await page.keyboard.press('Enter');
    await page.locator('#e-password').getByText(/8/).waitFor();
    expect(operations).toEqual(['Login', 'Register']);

    await page.getByLabel('Password').fill('eva-password-1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await offer.click();
    await chatScreen(page).waitFor();
    eva = { context, page, username: 'eva' };

    // Someone mistyping eva's password: refused, no registration tried.
    const other = await openApp(stack);
    const otherOperations = recordOperations(other.page);
    await other.page.getByLabel('Username').fill('eva');
    await other.page.getByLabel('Password').fill('eva-password-x');
    await other.page.getByRole('button', { name: 'Sign in' }).click();
    await other.page.getByText('Wrong username or password.').waitFor();
    expect(otherOperations).toEqual(['Login']);
    // Asking anyway explains that the name is taken.
    await other.page.getByRole('button', { name: 'Create account “eva”' }).click();
    await other.page.getByText('“eva” already has an account, so the password was not right.').waitFor();
    // Editing the name or password withdraws the offer.
    await other.page.getByLabel('Password').fill('eva-password-1');
    expect(await other.page.getByRole('button', { name: /Create account “/ }).count()).toBe(0);
    await other.context.close();
  });

  it('signs out: the session ends on the server and a reload shows the sign-in screen', async () => {
    const { context, page } = await openApp(stack);
    await signIn(page, 'eva', 'eva-password-1');
    const token = await storedToken(page);
    expect(token).toBeTruthy();
    expect((await me(stack.url, token!)).me).toEqual({ username: 'eva' });

    // A message still waiting to go out makes sign-out ask first.
    await page.getByRole('button', { name: /general/ }).click();
    await context.setOffline(true);
    await page.getByText('You are offline').waitFor();
    await send(page, 'written on the train');
    await pending(page).waitFor();
    page.once('dialog', (dialog) => {
      expect(dialog.message()).toContain('not been sent');
      void dialog.dismiss();
    });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await context.setOffline(false);
    await pending(page).waitFor({ state: 'detached', timeout: 20_000 });

    await page.getByRole('button', { name: 'Sign out' }).click();
    await signInScreen(page).waitFor();
    expect(await storedToken(page)).toBeNull();
    await eventually(async () => expect(await me(stack.url, token!)).toEqual({ status: 401, me: null }));
    await page.reload();
    await signInScreen(page).waitFor();
    expect(await chatScreen(page).count()).toBe(0);
    // Signing out on purpose leaves no unsent text behind for the next person at this browser.
    expect(await page.evaluate<string[]>("Object.keys(localStorage).filter((k) => k.startsWith('charla.outbox.') && localStorage.getItem(k) !== '[]')")).toEqual([]);
    await context.close();
  });

  it('changes the password: the old one stops working, the new one works, other sessions end without reconnecting', async () => {
    const elsewhere = await openApp(stack);
    await signIn(elsewhere.page, 'eva', 'eva-password-1');
    const sockets: string[] = [];
    elsewhere.page.on('websocket', (ws) => sockets.push(ws.url()));
    const elsewhereOperations = recordOperations(elsewhere.page);

    await eva.page.getByRole('button', { name: 'Edit profile' }).click();
    await eva.page.getByLabel('Current password').fill('eva-password-1');
    await eva.page.getByLabel('New password').fill('short');
    await eva.page.getByRole('button', { name: 'Change password' }).click();
    await eva.page.locator('#p-new-error').waitFor();
    await eva.page.getByLabel('New password').fill('eva-password-2');
    await eva.page.getByRole('button', { name: 'Change password' }).click();
    await eva.page.getByText('Password changed.').waitFor();
    await eva.page.keyboard.press('Escape');

    // The other session's socket is closed with 4403: it shows the sign-in screen and says why.
    await elsewhere.page.getByText('Your session ended. Please sign in again.').waitFor();
    expect(await storedToken(elsewhere.page)).toBeNull();
    const socketsAtSignOut = sockets.length;
    const operationsAtSignOut = elsewhereOperations.length;
    // Nothing keeps knocking: reconnects would come within a second (backoff starts at 250 ms).
    await elsewhere.page.waitForTimeout(2_000);
    expect(sockets.length).toBe(socketsAtSignOut);
    expect(elsewhereOperations.slice(operationsAtSignOut)).toEqual([]);

    // The session that made the change goes on.
    await eva.page.getByRole('button', { name: /general/ }).click();
    await send(eva.page, 'still here');
    await eva.page.locator('.messages li.message[data-seq]').getByText('still here').waitFor();
    expect(await eva.page.getByText('You are offline').count()).toBe(0);

    await elsewhere.page.getByLabel('Username').fill('eva');
    await elsewhere.page.getByLabel('Password').fill('eva-password-1');
    await elsewhere.page.getByRole('button', { name: 'Sign in' }).click();
    await elsewhere.page.getByText('Wrong username or password.').waitFor();
    await signIn(elsewhere.page, 'eva', 'eva-password-2');
    await elsewhere.context.close();
    await eva.context.close();
  });

});
