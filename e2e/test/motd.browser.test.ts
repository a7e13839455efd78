// The message of the day as someone in the chat sees it when an admin changes it
// (`npx charla motd set`): at once, without a reload; dismissed, it stays away until a new one.
import { openSignedIn, registerByApi, type Person } from '../browser';
import { MOTD, startStack, type Stack } from '../stack';

jest.setTimeout(60_000);

describe('the message of the day, live', () => {
  let stack: Stack;
  let ana: Person;
  const banner = () => ana.page.getByRole('region', { name: 'Message of the day' });

  beforeAll(async () => {
    stack = await startStack('motd');
    ana = await openSignedIn(stack, 'ana', await registerByApi(stack.url, { username: 'ana', firstName: 'Ana', lastName: 'Ruiz' }));
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('shows a new one at once, shows the next after a dismissal, and goes when it is cleared', async () => {
    await banner().getByText(MOTD).waitFor();
    await stack.setMotd('Maintenance tonight at 22:00');
    await banner().getByText('Maintenance tonight at 22:00').waitFor({ timeout: 5_000 });

    await banner().getByRole('button', { name: 'Dismiss' }).click();
    await banner().waitFor({ state: 'detached' });
    await stack.setMotd('We are back: new rooms to join');
    await banner().getByText('We are back: new rooms to join').waitFor({ timeout: 5_000 });

    await stack.setMotd('');
    await banner().waitFor({ state: 'detached', timeout: 5_000 });
    // A reload agrees: there is none.
    await ana.page.reload();
    await ana.page.getByRole('complementary', { name: 'Conversations and people' }).waitFor();
    expect(await banner().count()).toBe(0);
  });
});
