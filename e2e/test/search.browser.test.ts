// Finding an old message in Chromium: the search box, highlighted snippets, and the jump to
// the message with history loading both ways from there.
import { api, eventually, openSignedIn, registerByApi, screenshot, stored, type Person } from '../browser';
import { startStack, type Stack } from '../stack';

jest.setTimeout(90_000);

const SEND = 'mutation($c: ID!, $b: String!) { sendMessage(conversationId: $c, body: $b) { seq } }';

describe('search in Chromium', () => {
  let stack: Stack;
  let luis: Person;

  beforeAll(async () => {
    stack = await startStack('search');
    const anaToken = await registerByApi(stack.url, { username: 'ana', firstName: 'Ana', lastName: 'Ruiz' });
    const luisToken = await registerByApi(stack.url, { username: 'luis', firstName: 'Luis', lastName: 'Vega' });
    const { createGroup } = await api<{ createGroup: { id: string } }>(stack.url, 'mutation { createGroup(title: "Viaje", usernames: ["luis"]) { id } }', {}, anaToken);
    for (let i = 1; i <= 120; i++) {
      const body = i === 10 ? 'Quedamos para el café de la mañana <b>temprano</b>' : `mensaje número ${i}`;
      await api(stack.url, SEND, { c: createGroup.id, b: body }, i % 2 ? anaToken : luisToken);
    }
    luis = await openSignedIn(stack, 'luis', luisToken);
  }, 120_000);
  afterAll(() => stack?.stop());

  it('finds a message by words without their accents and jumps to it, marked, with history both ways', async () => {
    await luis.page.getByRole('searchbox', { name: 'Search messages' }).fill('cafe manana');
    const result = luis.page.locator('.search-result').first();
    await result.waitFor();
    expect(await result.locator('mark').allTextContents()).toEqual(['café', 'mañana']);
    // Message text shows as text: its markup is not rendered.
    expect(await result.locator('.snippet').textContent()).toContain('<b>temprano</b>');
    await screenshot(luis.page, 'search-desktop');

    await result.click();
    const target = luis.page.locator('.messages li.message[data-seq="10"]');
    await target.waitFor();
    await eventually(async () => expect(await target.getAttribute('class')).toContain('highlighted'));
    const inView = await target.evaluate((el) => {
      const box = el.getBoundingClientRect();
      const pane = el.closest('.messages')!.getBoundingClientRect();
      return box.top >= pane.top && box.bottom <= pane.bottom;
    });
    expect(inView).toBe(true);
    await screenshot(luis.page, 'search-jump-desktop');

    // Newer messages follow below it, older ones load on scrolling up, to the first.
    await eventually(async () => expect(await stored(luis.page).last().getAttribute('data-seq')).toBe('120'));
    await luis.page.locator('.messages').evaluate((el) => (el.scrollTop = 0));
    await eventually(async () => {
      await luis.page.locator('.messages').evaluate((el) => (el.scrollTop = 0));
      expect(await stored(luis.page).first().getAttribute('data-seq')).toBe('1');
    });
  });
});
