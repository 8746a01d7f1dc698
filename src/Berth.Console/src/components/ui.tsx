import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { absolute, relative } from '../format';
import { deniedAction, isDenied } from '../api';

const tones: Record<string, string> = {
  RUNNING: 'green', ACTIVE: 'green', COMPLETED: 'green', HEALTHY: 'green', healthy: 'green', active: 'green', PRIMARY: 'blue',
  PENDING: 'amber', PROVISIONING: 'amber', ACTIVATING: 'amber', IN_PROGRESS: 'amber', initial: 'amber', provisioning: 'amber', draining: 'amber', UNKNOWN: 'grey',
  DEACTIVATING: 'grey', STOPPING: 'grey', DEPROVISIONING: 'grey', STOPPED: 'grey', INACTIVE: 'grey', DRAINING: 'grey', unused: 'grey',
  FAILED: 'red', UNHEALTHY: 'red', unhealthy: 'red', failed: 'red',
};

export function Badge({ value, tone }: { value?: string; tone?: string }) {
  if (!value) return <span class="muted">—</span>;
  return <span class={`badge ${tone ?? tones[value] ?? 'grey'}`} data-state={value}>{value}</span>;
}

/** "3 min ago", with the exact time on hover; re-rendered every 10 s so it stays true. */
export function Time({ at }: { at: unknown }) {
  const [, setTick] = useState(0);
  useEffect(() => { const t = setInterval(() => setTick((x) => x + 1), 10_000); return () => clearInterval(t); }, []);
  return <time title={absolute(at)}>{relative(at)}</time>;
}

export function Empty({ title, children }: { title: string; children?: ComponentChildren }) {
  return <div class="empty"><strong>{title}</strong>{children && <p>{children}</p>}</div>;
}

export function ErrorBox({ error, onClose }: { error?: Error | null; onClose?: () => void }) {
  if (!error) return null;
  const type = (error as { type?: string }).type;
  return (
    <div class={isDenied(error) ? 'error denied' : 'error'} role="alert">
      <div><strong>{isDenied(error) ? 'Not authorized' : type || 'Error'}</strong> {error.message}</div>
      {onClose && <button class="link" onClick={onClose} aria-label="Dismiss">✕</button>}
    </div>
  );
}

export function Card({ title, actions, children, id }: { title?: ComponentChildren; actions?: ComponentChildren; children: ComponentChildren; id?: string }) {
  return (
    <section class="card" id={id}>
      {(title || actions) && <header><h2>{title}</h2><div class="actions">{actions}</div></header>}
      {children}
    </section>
  );
}

export function Kv({ items }: { items: [string, ComponentChildren][] }) {
  return <dl class="kv">{items.map(([k, v]) => [<dt>{k}</dt>, <dd>{v ?? <span class="muted">—</span>}</dd>])}</dl>;
}

export interface Column<T> { title: string; cell: (row: T) => ComponentChildren; class?: string }

export function Table<T>({ rows, columns, empty, rowKey, label }: { rows: T[]; columns: Column<T>[]; empty: ComponentChildren; rowKey: (r: T) => string; label?: string }) {
  if (rows.length === 0) return <>{empty}</>;
  return (
    <div class="table-wrap">
      <table aria-label={label}>
        <thead><tr>{columns.map((c) => <th class={c.class}>{c.title}</th>)}</tr></thead>
        <tbody>{rows.map((r) => <tr key={rowKey(r)} data-key={rowKey(r)}>{columns.map((c) => <td class={c.class}>{c.cell(r)}</td>)}</tr>)}</tbody>
      </table>
    </div>
  );
}

/**
 * "Loading…" until the data comes; when the call failed instead, what to show in its place (the ErrorBox above says
 * why): a refusal by IAM as "Not authorized", naming the action to ask for, never an endless spinner or an empty list.
 */
export function Loading({ error }: { error?: Error | null } = {}) {
  if (error && isDenied(error)) {
    const action = deniedAction(error);
    return <Empty title="Not authorized">{action ? <>Your policies do not allow <code>{action}</code>: ask for a policy that allows it.</> : 'Your policies do not allow this.'}</Empty>;
  }
  if (error) return <Empty title="Could not load this" />;
  return <div class="loading">Loading…</div>;
}

export function Tabs({ tabs, active, onSelect }: { tabs: [string, string][]; active: string; onSelect: (key: string) => void }) {
  return (
    <nav class="tabs" role="tablist">
      {tabs.map(([key, label]) => <button role="tab" aria-selected={key === active} class={key === active ? 'active' : ''} onClick={() => onSelect(key)}>{label}</button>)}
    </nav>
  );
}

export function Stat({ label, value, tone }: { label: string; value: ComponentChildren; tone?: string }) {
  return <div class={`stat ${tone ?? ''}`}><div class="value">{value}</div><div class="label">{label}</div></div>;
}
