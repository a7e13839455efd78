// GraphiQL tried as a new user would, in Chromium: register, send, and watch a live subscription.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startStack, type Stack } from './stack';

/** The little of the DOM this test reads inside the page (the repo compiles without lib.dom). */
interface BrowserGlobals {
  document: { querySelector(selector: string): { textContent: string | null } | null };
}

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const maybe = existsSync(CHROMIUM) ? describe : describe.skip;

maybe('GraphiQL in Chromium', () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    stack = await startStack('graphiql');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  async function open(page: Page) {
    await page.goto(`${stack.url}/graphql`);
    await page.waitForSelector('.graphiql-execute-button', { timeout: 15_000 });
  }

  /** Runs one of the default document's named operations, as a user picks it from the run menu. */
  async function run(page: Page, operation: string) {
    await page.click('.graphiql-execute-button');
    await page.getByRole('menuitem', { name: operation }).click();
  }

  const resultContains = (page: Page, text: string) =>
    page.waitForFunction(
      (expected) => (globalThis as unknown as BrowserGlobals).document.querySelector('.result-window')?.textContent?.includes(expected),
      text,
      { timeout: 10_000 },
    );

  test('register, then a live messageAdded in one tab sees a sendMessage from another, with no request leaving the gateway', async () => {
    const context = await browser.newContext();
    const foreign: string[] = [];
    context.on('request', (request) => {
      if (!request.url().startsWith(stack.url) && !request.url().startsWith('ws://127.0.0.1') && !request.url().startsWith('data:')) foreign.push(request.url());
    });
    const editor = await context.newPage();
    await open(editor);
    await run(editor, 'Register');
    await resultContains(editor, '"token"');

    const live = await context.newPage();
    await open(live);
    await run(live, 'Live');
    await new Promise((resolve) => setTimeout(resolve, 500));
    await run(editor, 'SendMessage');
    await resultContains(editor, 'Hello from GraphiQL');
    await resultContains(live, '"messageAdded"');
    expect(await live.textContent('.result-window')).toContain('Hello from GraphiQL');
    expect(foreign).toEqual([]);
    await context.close();
  });
});
