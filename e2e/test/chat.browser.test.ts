// The browser client against the three real processes: two people, then an operator.
import { api, bodies, chatScreen, composer, conversationRow, eventually, openApp, openDirect, pending, person, register, screenshot, send, showTab, signIn, signInNew, stored, type Person } from '../browser';
import { MOTD, OPERATOR, startStack, type Stack } from '../stack';

jest.setTimeout(60_000);

describe('Charla in Chromium', () => {
  let stack: Stack;
  let ana: Person;
  let luis: Person;

  beforeAll(async () => {
    stack = await startStack('browser');
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('registers with field errors shown next to the field, then signs in', async () => {
    const { context, page } = await openApp(stack);
    await page.getByRole('heading', { name: 'Charla' }).waitFor();
    await screenshot(page, 'signin-desktop');
    await register(page, { firstName: 'Ana', lastName: 'Ruiz', username: 'ana', email: 'not-an-email', password: 'x' });
    const emailError = page.locator('#e-email');
    await emailError.waitFor();
    expect(await emailError.textContent()).toMatch(/email/i);
    expect(await page.getByLabel('Email').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'register-errors-desktop');

    await page.getByLabel('Email').fill('ana@example.org');
    await page.getByLabel('Password').fill('ana-password-1');
    await page.getByRole('button', { name: 'Create account' }).click();
    await chatScreen(page).waitFor();
    // The message of the day greets whoever arrives.
    await page.getByRole('region', { name: 'Message of the day' }).getByText(MOTD).waitFor();
    ana = { context, page, username: 'ana' };
  });

  it('creates an account on first sign-in and stays signed in across a reload', async () => {
    const { context, page } = await openApp(stack);
    await signInNew(page, 'luis', 'luis-password-1');
    await page.reload();
    await chatScreen(page).waitFor();
    luis = { context, page, username: 'luis' };

    // A wrong password for an existing name is refused, not turned into a new account.
    const other = await openApp(stack);
    await other.page.getByLabel('Username').fill('luis');
    await other.page.getByLabel('Password').fill('wrong-password');
    await other.page.getByRole('button', { name: 'Sign in' }).click();
    await other.page.getByText('Wrong username or password.').waitFor();
    await other.page.getByRole('button', { name: 'Create account “luis”' }).click();
    await other.page.getByText('“luis” already has an account, so the password was not right.').waitFor();
    await other.context.close();
  });

  it('shows every registered user as connected, live', async () => {
    await showTab(ana.page, 'People');
    await eventually(async () => expect(await person(ana.page, 'luis').getAttribute('data-status')).toBe('ONLINE'));
    expect(await person(ana.page, 'luis').textContent()).toContain('connected');
  });

  it('chats in a direct chat with typing, unread count and read ticks', async () => {
    await openDirect(ana.page, 'luis');
    await send(ana.page, 'Hola Luis! <b>not bold</b> https://example.org');
    await eventually(async () => expect(await bodies(ana.page)).toEqual(['Hola Luis! <b>not bold</b> https://example.org']));
    // Rendered as text: no <b> element came out of the message.
    expect(await ana.page.locator('.messages .body b').count()).toBe(0);

    // Luis sees the conversation with one unread message, opens it, and Ana's tick turns to read.
    await showTab(luis.page, 'Chats');
    const row = conversationRow(luis.page, /Ruiz/);
    await eventually(async () => expect(await row.locator('.badge').textContent()).toBe('1'));
    await row.click();
    await eventually(async () => expect(await bodies(luis.page)).toEqual(['Hola Luis! <b>not bold</b> https://example.org']));
    await eventually(async () => expect(await ana.page.locator('li.message.mine').last().getAttribute('data-status')).toBe('READ'));

    // Luis types; Ana sees it.
    await composer(luis.page).pressSequentially('Hola Ana', { delay: 20 });
    await ana.page.getByText('luis is typing…').waitFor();
    await screenshot(ana.page, 'direct-chat-typing-desktop');
    await composer(luis.page).press('Enter');
    await eventually(async () => expect(await bodies(ana.page)).toHaveLength(2));

    // Shift+Enter breaks the line instead of sending.
    await composer(ana.page).fill('line one');
    await composer(ana.page).press('Shift+Enter');
    await composer(ana.page).pressSequentially('line two');
    await composer(ana.page).press('Enter');
    await eventually(async () => expect((await bodies(luis.page)).at(-1)).toBe('line one\nline two'));
  });

  it('edits and deletes one’s own message', async () => {
    const mine = ana.page.locator('li.message.mine').last();
    await mine.hover();
    await mine.getByRole('button', { name: 'Edit' }).click();
    await ana.page.getByLabel('Edit message').fill('line one, edited');
    await ana.page.getByLabel('Edit message').press('Enter');
    await eventually(async () => expect((await bodies(luis.page)).at(-1)).toBe('line one, edited'));
    await luis.page.locator('li.message').last().locator('.edited').waitFor();

    // A delete the server never hears of says so, and the message stays as it was.
    await ana.context.setOffline(true);
    ana.page.once('dialog', (dialog) => void dialog.accept());
    await mine.hover();
    await mine.getByRole('button', { name: 'Delete' }).click();
    await mine.getByRole('alert').getByText('The server cannot be reached.').waitFor();
    expect(await mine.locator('.body').textContent()).toContain('line one, edited');
    await ana.context.setOffline(false);

    ana.page.once('dialog', (dialog) => void dialog.accept());
    await mine.hover();
    await mine.getByRole('button', { name: 'Delete' }).click();
    await luis.page.locator('li.message').last().getByText('This message was deleted').waitFor();
  });

  it('sets away and busy, seen live by others, and edits the profile with field errors', async () => {
    await ana.page.getByLabel('Your status').selectOption('AWAY');
    await showTab(luis.page, 'People');
    await eventually(async () => expect(await person(luis.page, 'ana').getAttribute('data-status')).toBe('AWAY'));
    await ana.page.getByLabel('Your status').selectOption('ONLINE');
    await eventually(async () => expect(await person(luis.page, 'ana').getAttribute('data-status')).toBe('ONLINE'));

    await ana.page.getByRole('button', { name: 'Edit profile' }).click();
    await ana.page.getByLabel('Email').fill('not-an-email');
    await ana.page.getByRole('button', { name: 'Save profile' }).click();
    await ana.page.locator('#p-email-error').waitFor();
    await ana.page.getByLabel('Email').fill('ana.ruiz@example.org');
    await ana.page.getByLabel('First name').fill('Anita');
    await ana.page.getByRole('button', { name: 'Save profile' }).click();
    await ana.page.getByText('Profile saved.').waitFor();
    await ana.page.getByLabel('Current password').fill('wrong-password');
    await ana.page.getByLabel('New password').fill('ana-password-2');
    await ana.page.getByRole('button', { name: 'Change password' }).click();
    await ana.page.locator('#p-old-error').waitFor();
    await ana.page.getByRole('button', { name: 'Close' }).click();
    await ana.page.locator('.me').getByText('Anita Ruiz').waitFor();
    await showTab(luis.page, 'Chats');
  });

  it('creates a group, adds a member by username, chats and leaves', async () => {
    await showTab(ana.page, 'Chats');
    await ana.page.getByRole('button', { name: 'New group' }).click();
    await ana.page.getByLabel('Group name').fill('Weekend trip');
    await ana.page.getByRole('button', { name: 'Create group' }).click();
    await ana.page.getByRole('heading', { name: 'Weekend trip' }).waitFor();
    await ana.page.getByRole('button', { name: 'Add member' }).click();
    await ana.page.getByLabel('Username').fill('luis');
    await ana.page.getByRole('button', { name: 'Add', exact: true }).click();
    await ana.page.getByRole('dialog').waitFor({ state: 'detached' });
    await send(ana.page, 'Who brings the tent?');
    await eventually(async () => expect(await bodies(ana.page)).toEqual(['Who brings the tent?']));

    await showTab(luis.page, 'Chats');
    await conversationRow(luis.page, 'Weekend trip').click();
    await eventually(async () => expect(await bodies(luis.page)).toEqual(['Who brings the tent?']));
    await send(luis.page, 'I do!');
    await eventually(async () => expect(await bodies(ana.page)).toEqual(['Who brings the tent?', 'I do!']));
    await screenshot(ana.page, 'group-desktop');

    luis.page.once('dialog', (dialog) => void dialog.accept());
    await luis.page.getByRole('button', { name: 'Leave' }).click();
    await eventually(async () => expect(await conversationRow(luis.page, 'Weekend trip').count()).toBe(0));
  });

  it('misses nothing and shows nothing twice across a lost network; offline sends go out on return', async () => {
    await showTab(luis.page, 'Chats');
    await conversationRow(luis.page, /Ruiz/).click();
    await showTab(ana.page, 'Chats');
    await conversationRow(ana.page, 'Luis').click();
    const before = (await bodies(luis.page)).length;

    await luis.context.setOffline(true);
    await luis.page.getByText('You are offline').waitFor();
    for (const text of ['one while you were away', 'two while you were away', 'three while you were away']) await send(ana.page, text);
    // Luis writes while offline: it shows as pending, kept under its clientId.
    await send(luis.page, 'sent from the tunnel');
    await pending(luis.page).waitFor();
    await screenshot(luis.page, 'offline-desktop');

    await luis.context.setOffline(false);
    await luis.page.getByText('You are offline').waitFor({ state: 'detached', timeout: 20_000 });
    await eventually(async () => {
      const seen = await bodies(luis.page);
      expect(seen.slice(before)).toEqual(['one while you were away', 'two while you were away', 'three while you were away', 'sent from the tunnel']);
    }, 20_000);
    expect(await pending(luis.page).count()).toBe(0);
    const seqs = await stored(luis.page).evaluateAll((items) => items.map((li) => Number(li.getAttribute('data-seq'))));
    expect(new Set(seqs).size).toBe(seqs.length);
    await eventually(async () => expect((await bodies(ana.page)).filter((b) => b === 'sent from the tunnel')).toHaveLength(1));
  });

  it('shows the other going offline with a last-seen time, and back', async () => {
    await showTab(ana.page, 'People');
    await luis.context.close();
    await eventually(async () => expect(await person(ana.page, 'luis').getAttribute('data-status')).toBe('OFFLINE'), 20_000);
    expect(await person(ana.page, 'luis').textContent()).toContain('disconnected');
    expect(await person(ana.page, 'luis').textContent()).toContain('last seen');
    await screenshot(ana.page, 'people-desktop');

    const back = await openApp(stack, { phone: true });
    await signIn(back.page, 'luis', 'luis-password-1');
    luis = { ...back, username: 'luis' };
    await eventually(async () => expect(await person(ana.page, 'luis').getAttribute('data-status')).toBe('ONLINE'), 20_000);
  });

  it('lets a user contact support and an operator answer from the same app', async () => {
    await showTab(luis.page, 'Chats');
    await luis.page.getByRole('button', { name: 'Contact support' }).click();
    await luis.page.getByRole('heading', { name: 'Support' }).waitFor();
    await send(luis.page, 'I cannot find the settings');

    const operator = await openApp(stack);
    await signIn(operator.page, OPERATOR.username, OPERATOR.password);
    const queue = operator.page.getByRole('region', { name: 'Support queue' });
    await eventually(async () => {
      await queue.getByRole('button', { name: 'Refresh' }).click();
      await queue.getByText('Support · luis').waitFor({ timeout: 1000 });
    });
    await queue.getByText('Support · luis').click();
    await eventually(async () => expect(await bodies(operator.page)).toEqual(['I cannot find the settings']));
    await send(operator.page, 'They are under your name, top left.');
    await eventually(async () => expect(await bodies(luis.page)).toEqual(['I cannot find the settings', 'They are under your name, top left.']));
    await screenshot(operator.page, 'support-operator-desktop');
    await screenshot(luis.page, 'support-user-phone');
    await operator.context.close();
  });

  it('reads long history with infinite scroll', async () => {
    type Auth = { register: { token: string } };
    const { register } = await api<Auth>(stack.url, 'mutation($input: RegisterInput!) { register(input: $input) { token } }', {
      input: { firstName: 'Marta', lastName: 'Gil', username: 'marta', password: 'marta-password-1' },
    });
    const { openDirect } = await api<{ openDirect: { id: string } }>(stack.url, 'mutation { openDirect(username: "ana") { id } }', {}, register.token);
    for (let i = 1; i <= 70; i++) {
      await api(stack.url, 'mutation($c: ID!, $b: String!) { sendMessage(conversationId: $c, body: $b) { seq } }', { c: openDirect.id, b: `history ${i}` }, register.token);
    }
    await showTab(ana.page, 'Chats');
    await conversationRow(ana.page, 'Marta Gil').click();
    await eventually(async () => expect((await bodies(ana.page)).at(-1)).toBe('history 70'));
    expect((await bodies(ana.page)).length).toBeLessThan(70);
    // Scrolling up asks for the earlier pages until the first message.
    await eventually(async () => {
      await ana.page.locator('.messages').evaluate((el) => (el.scrollTop = 0));
      expect((await bodies(ana.page))[0]).toBe('history 1');
    }, 15_000);
    expect(await bodies(ana.page)).toHaveLength(70);
    await ana.page.getByText('Beginning of the conversation').waitFor();
  });

  it('takes the phone-width and dark screenshots', async () => {
    await showTab(luis.page, 'Chats');
    await screenshot(luis.page, 'conversations-phone');
    await conversationRow(luis.page, /Ruiz/).click();
    await composer(luis.page).waitFor();
    await screenshot(luis.page, 'direct-chat-phone');
    await showTab(luis.page, 'People');
    await screenshot(luis.page, 'people-phone');

    const signin = await openApp(stack, { phone: true });
    await screenshot(signin.page, 'signin-phone');
    await signin.context.close();

    const dark = await openApp(stack, { dark: true });
    await signIn(dark.page, 'ana', 'ana-password-1');
    await conversationRow(dark.page, 'Luis').click();
    await composer(dark.page).waitFor();
    await screenshot(dark.page, 'direct-chat-dark-desktop');
    await dark.context.close();
    await ana.context.close();
    await luis.context.close();
  });
});
