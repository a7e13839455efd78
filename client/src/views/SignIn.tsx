import { useState } from 'preact/hooks';
import { fieldErrors, RequestError } from '../api/graphql';
import { register, signIn, type RegisterInput } from '../state/session';

type Mode = 'signIn' | 'register';

/** One screen to sign in or create an account (seeds 000 and 001). */
export function SignIn({ notice }: { notice?: string }) {
  const [mode, setMode] = useState<Mode>('signIn');
  const [form, setForm] = useState<RegisterInput>({ firstName: '', lastName: '', username: '', email: '', password: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | undefined>(notice);
  const [busy, setBusy] = useState(false);

  const set = (field: keyof RegisterInput) => (e: Event) => {
    setForm({ ...form, [field]: (e.currentTarget as HTMLInputElement).value });
    if (errors[field]) setErrors({ ...errors, [field]: '' });
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    setMessage(undefined);
    try {
      if (mode === 'signIn') {
        await signIn(form.username.trim(), form.password);
      } else {
        await register({ ...form, username: form.username.trim(), email: form.email.trim() });
      }
    } catch (error) {
      const byField = fieldErrors(error);
      setErrors(byField);
      if (Object.keys(byField).length === 0) setMessage(describe(error, mode));
    } finally {
      setBusy(false);
    }
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
        <div class="tabs" role="tablist" aria-label="Sign in or create an account">
          <button role="tab" type="button" aria-selected={mode === 'signIn'} onClick={() => setMode('signIn')}>
            Sign in
          </button>
          <button role="tab" type="button" aria-selected={mode === 'register'} onClick={() => setMode('register')}>
            Create account
          </button>
        </div>
        {message && (
          <p class="notice" role="status">
            {message}
          </p>
        )}
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
        {mode === 'signIn' && <p class="hint">New here? Sign in with the username you want: if it is free, your account is created.</p>}
      </div>
    </main>
  );
}

function describe(error: unknown, mode: Mode): string {
  if (!(error instanceof RequestError)) return 'Something went wrong.';
  if (error.network) return 'The server cannot be reached. Check your connection and try again.';
  if (error.code === 'UNAUTHENTICATED' && mode === 'signIn') return 'Wrong username or password.';
  return error.message;
}
