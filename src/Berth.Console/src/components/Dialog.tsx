import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { ErrorBox } from './ui';

/**
 * A confirmation dialog for an action: runs it on confirm, stays open showing the API's refusal when it fails,
 * closes when it succeeds.
 */
export function ActionDialog({ title, confirm, danger, children, onRun, onClose }: {
  title: string; confirm: string; danger?: boolean; children?: ComponentChildren;
  onRun: () => Promise<unknown>; onClose: (done: boolean) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const run = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onRun();
      onClose(true);
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="overlay" onClick={(e) => { if (e.target === e.currentTarget && !busy) onClose(false); }}>
      <form class="dialog" role="dialog" aria-label={title} onSubmit={run}>
        <h3>{title}</h3>
        <div class="dialog-body">{children}</div>
        <ErrorBox error={error} />
        <div class="dialog-actions">
          <button type="button" class="secondary" disabled={busy} onClick={() => onClose(false)}>Cancel</button>
          <button type="submit" class={danger ? 'danger' : 'primary'} disabled={busy}>{busy ? 'Working…' : confirm}</button>
        </div>
      </form>
    </div>
  );
}
