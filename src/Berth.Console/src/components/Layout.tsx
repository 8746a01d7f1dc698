import type { ComponentChildren } from 'preact';
import { href } from '../router';

const nav: [string, string][] = [
  ['clusters', 'Clusters'],
  ['task-definitions', 'Task definitions'],
  ['repositories', 'Repositories'],
  ['load-balancers', 'Load balancers'],
];

export function Layout({ section, user, userTitle, onSignOut, children }: { section: string; user: string; userTitle?: string; onSignOut: () => void; children: ComponentChildren }) {
  return (
    <div class="shell">
      <aside class="sidebar">
        <a class="brand" href={href('clusters')}><span class="logo">⚓</span> Berth</a>
        <nav>
          <div class="nav-group">Containers</div>
          {nav.map(([key, label]) => <a href={href(key)} class={section === key ? 'active' : ''}>{label}</a>)}
        </nav>
        <div class="sidebar-foot">
          <div class="muted small">Signed in as</div>
          <div class="user" title={userTitle ?? user}>{user}</div>
          <button class="secondary small" onClick={onSignOut}>Sign out</button>
        </div>
      </aside>
      <main class="content">{children}</main>
    </div>
  );
}

export function PageHeader({ crumbs, title, actions, badge }: { crumbs?: [string, string][]; title: ComponentChildren; actions?: ComponentChildren; badge?: ComponentChildren }) {
  return (
    <header class="page-header">
      {crumbs && <div class="crumbs">{crumbs.map(([label, link], i) => <>{i > 0 && <span>/</span>}<a href={link}>{label}</a></>)}</div>}
      <div class="title-row">
        <h1>{title} {badge}</h1>
        <div class="actions">{actions}</div>
      </div>
    </header>
  );
}
