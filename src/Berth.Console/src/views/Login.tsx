import { useState } from 'preact/hooks';
import { signIn, type Session } from '../api';
import { ErrorBox } from '../components/ui';

export function Login({ onSignedIn }: { onSignedIn: (s: Session) => void }) {
  const [id, setId] = useState('');
  const [secret, setSecret] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await signIn(id.trim(), secret));
      setSecret('');
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="login-page">
      <form class="login" onSubmit={submit} aria-label="Sign in">
        <div class="brand big"><span class="logo">⚓</span> Berth</div>
        <h1>Sign in to the console</h1>
        <p class="muted">Use an access key of this Berth: an IAM user's (<code>aws iam create-access-key</code>) — you see what its policies allow — or the root key, in <code>berth credentials</code> or BERTH_ROOT_ACCESS_KEY_ID / BERTH_ROOT_SECRET_ACCESS_KEY.</p>
        <label>Access key ID<input name="accessKeyId" autocomplete="username" value={id} onInput={(e) => setId(e.currentTarget.value)} required autofocus /></label>
        <label>Secret access key<input name="secretAccessKey" type="password" autocomplete="current-password" value={secret} onInput={(e) => setSecret(e.currentTarget.value)} required /></label>
        <ErrorBox error={error} />
        <button class="primary" type="submit" disabled={busy}>{busy ? 'Signing in…' : 'Sign in'}</button>
      </form>
    </div>
  );
}
