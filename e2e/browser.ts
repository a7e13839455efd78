// Driving the Charla client the way a person does: through labels, roles and the keyboard.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { door } from '@charla/stack';
import type { Stack } from './stack';

export const SCREENSHOTS = join(__dirname, '..', 'docs', 'screenshots');
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

export interface Person {
  context: BrowserContext;
  page: Page;
  username: string;
}

export async function openApp(stack: Stack, options: { phone?: boolean; dark?: boolean; url?: string } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await stack.browser.newContext({
    viewport: options.phone ? PHONE : DESKTOP,
    deviceScaleFactor: options.phone ? 2 : 1,
    colorScheme: options.dark ? 'dark' : 'light',
    isMobile: options.phone ?? false,
    hasTouch: options.phone ?? false,
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
  page.on('console', (message) => {
    // Failed loads while the test holds the network down are expected.
    if ((message.type() === 'error' || message.type() === 'warning') && !message.text().includes('ERR_INTERNET_DISCONNECTED')) console.warn(`[browser ${message.type()}] ${message.text()}`);
  });
  await page.goto(options.url ?? stack.url);
  return { context, page };
}

/** A browser already signed in with `token` (as after an earlier visit): skips the sign-in screen. */
export async function openSignedIn(stack: Stack, username: string, token: string, options: { phone?: boolean; dark?: boolean; url?: string } = {}): Promise<Person> {
  const { context, page } = await openApp(stack, options);
  await page.evaluate(`localStorage.setItem('charla.token', ${JSON.stringify(token)})`);
  await page.reload();
  await chatScreen(page).waitFor();
  return { context, page, username };
}

/** Registers through the API, as another client would; returns the token. */
export async function registerByApi(url: string, user: { username: string; firstName: string; lastName: string; password?: string }): Promise<string> {
  return (await door(url).register({ password: `${user.username}-password-1`, ...user })).token;
}

/** The registration form. */
export async function register(page: Page, user: { firstName: string; lastName: string; username: string; email: string; password: string }): Promise<void> {
  await page.getByRole('tab', { name: 'Create account' }).click();
  await page.getByLabel('First name').fill(user.firstName);
  await page.getByLabel('Last name').fill(user.lastName);
  await page.getByLabel('Username').fill(user.username);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Create account' }).click();
}

/** Sign in or create the account: one form signs in, or creates the account when the name is free. */
export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await chatScreen(page).waitFor();
}

/** Sign in with a name nobody has: the refused sign-in offers to create it, and the person accepts. */
export async function signInNew(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: `Create account “${username}”` }).click();
  await chatScreen(page).waitFor();
}

export const signInScreen = (page: Page): Locator => page.getByRole('tab', { name: 'Sign in' });

export const chatScreen = (page: Page): Locator => page.getByRole('complementary', { name: 'Conversations and people' });

export async function showTab(page: Page, name: 'Chats' | 'People'): Promise<void> {
  const back = page.getByRole('button', { name: 'Back to conversations' });
  if (await back.isVisible()) await back.click();
  await page.getByRole('tab', { name }).click();
}

export function person(page: Page, username: string): Locator {
  return page.locator(`li.person[data-username="${username}"]`);
}

export function conversationRow(page: Page, title: string | RegExp): Locator {
  return page.locator('button.conversation-row').filter({ has: page.locator('.row-title', { hasText: title }) });
}

export async function openDirect(page: Page, username: string): Promise<void> {
  await showTab(page, 'People');
  await page.getByRole('button', { name: `Message ${username}` }).click();
  await composer(page).waitFor();
}

export const composer = (page: Page): Locator => page.getByLabel('Message', { exact: true });

export async function send(page: Page, text: string): Promise<void> {
  await composer(page).fill(text);
  await composer(page).press('Enter');
}

/** Stored messages in the open conversation (pending ones are separate). */
export const stored = (page: Page): Locator => page.locator('.messages li.message[data-seq]');
export const pending = (page: Page): Locator => page.locator('.messages li.message.pending');

export async function bodies(page: Page): Promise<string[]> {
  return stored(page).locator('.body').allTextContents();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // Let transitions and the typing dots settle so the picture is stable.
  await page.waitForTimeout(250);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

/** Retries an assertion until it holds: the UI reaches its state a little after the event. */
export async function eventually(assertion: () => Promise<void> | void, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await assertion();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Setting the scene straight through the API, as another client would. */
export const api = <T>(url: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> => door(url).data<T>(query, variables, token);
