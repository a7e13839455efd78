import { useRef, useState } from 'preact/hooks';
import { fieldErrors, RequestError } from '../api/graphql';
import { createAccount, register, signIn, type RegisterInput } from '../state/session';
import { tabPanelProps, Tabs } from './Tabs';

type Mode = 'signIn' | 'register';

/** One screen to sign in or create the account. */
export function SignIn({ notice }: { notice?: string }) {
  const [mode, setMode] = useState<Mode>('signIn');
  const [form, setForm] = useState<RegisterInput>({ firstName: '', lastName: '', username: '', email: '', password: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | undefined>(notice);
  const [busy, setBusy] = useState(false);
  /** After a refused sign-in: the name and password the person may create an account with. */
  const [offer, setOffer] = useState<{ username: string; password: string }>();
  const offerButton = useRef<HTMLButtonElement>(null);

  const set = (field: keyof RegisterInput) => (e: Event) => {
    setForm({ ...form, [field]: (e.currentTarget as HTMLInputElement).value });
    if (errors[field]) setErrors({ ...errors, [field]: '' });
    if (offer && (field === 'username' || field === 'password')) setOffer(undefined);
  };

  const attempt = async (action: () => Promise<void>) => {
    setBusy(true);
    setErrors({});
    setMessage(undefined);
    setOffer(undefined);
    try {
      await action();
    } catch (error) {
      const byField = fieldErrors(error);
      setErrors(byField);
      if (Object.keys(byField).length === 0) setMessage(describe(error, mode));
      return error;
    } finally {
      setBusy(false);
    }
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    const username = form.username.trim();
    if (mode === 'register') return void attempt(() => register({ ...form, username, email: form.email.trim() }));
    const error = await attempt(() => signIn(username, form.password));
    // A first sign-in creates the account, once the person confirms it is what they want.
    if (error instanceof RequestError && error.code === 'UNAUTHENTICATED' && username) {
      setOffer({ username, password: form.password });
      requestAnimationFrame(() => offerButton.current?.focus());
    }
  };

  const switchMode = (next: Mode) => {
    setMode(next);
    setErrors({});
    setMessage(undefined);
    setOffer(undefined);
  };

  const field = (name: keyof RegisterInput, label: string, type: 'text' | 'email' | 'password' = 'text', autocomplete?: string) => (
    <div class="field">
      <label for={`f-${name}`}>{label}</label>
      <input
        id={`f-${name}`}
        name={name}
        type={type as 'text'}
        value={form[name]}
        onInput={set(name)}
        autocomplete={autocomplete}
        required
        aria-invalid={errors[name] ? 'true' : undefined}
        aria-describedby={errors[name] ? `e-${name}` : undefined}
      />
      {errors[name] && (
        <p class="field-error" id={`e-${name}`} role="alert">
          {errors[name]}
        </p>
      )}
    </div>
  );

  return (
    <main class="signin">
      <div class="signin-card">
        <div class="brand">
          <span class="brand-mark" aria-hidden="true" />
          <h1>Charla</h1>
        </div>
        <p class="tagline">Real-time chat for your team and your customers.</p>
        <Tabs
          id="signin"
          label="Sign in or create an account"
          tabs={[
            { value: 'signIn', label: 'Sign in' },
            { value: 'register', label: 'Create account' },
          ]}
          selected={mode}
          onSelect={switchMode}
        />
        <div role="status" aria-live="polite">
          {message && <p class="notice">{message}</p>}
        </div>
        <div {...tabPanelProps('signin', mode)}>
          <form onSubmit={submit} noValidate={mode === 'register'}>
            {mode === 'register' && (
              <div class="field-row">
                {field('firstName', 'First name', 'text', 'given-name')}
                {field('lastName', 'Last name', 'text', 'family-name')}
              </div>
            )}
            {field('username', 'Username', 'text', 'username')}
            {mode === 'register' && field('email', 'Email', 'email', 'email')}
            {field('password', 'Password', 'password', mode === 'signIn' ? 'current-password' : 'new-password')}
            <button class="primary wide" type="submit" disabled={busy}>
              {busy ? 'Please wait…' : mode === 'signIn' ? 'Sign in' : 'Create account'}
            </button>
          </form>
        </div>
        {offer && (
          <div class="offer">
            <p>
              New here? No account is needed beforehand: create <strong>{offer.username}</strong> with the password you typed.
            </p>
            <button
              type="button"
              class="secondary wide"
              ref={offerButton}
              disabled={busy}
              onClick={() => void attempt(() => createAccount(offer.username, offer.password))}
            >
              Create account “{offer.username}”
            </button>
          </div>
        )}
        {mode === 'signIn' && !offer && <p class="hint">New here? Sign in with the username and password you want: if the name is free, you can create the account right here.</p>}
      </div>
    </main>
  );
}

function describe(error: unknown, mode: Mode): string {
  if (!(error instanceof RequestError)) return 'Something went wrong.';
  if (error.network) return 'The server cannot be reached. Check your connection and try again.';
  if (error.code === 'UNAUTHENTICATED' && mode === 'signIn') return 'Wrong username or password.';
  if (error.code === 'TOO_MANY_REQUESTS') return 'Too many attempts. Wait a minute, then try again.';
  return error.message;
}
