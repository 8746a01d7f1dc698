import { all, ecr } from '../api';
import { usePoll } from '../poll';
import { href } from '../router';
import { bytes } from '../format';
import { PageHeader } from '../components/Layout';
import { Card, Empty, ErrorBox, Loading, Table, Time } from '../components/ui';

export function Repositories() {
  const live = usePoll(() => all(async (t) => {
    const r = await ecr('DescribeRepositories', { nextToken: t });
    return { items: (r.repositories ?? []) as any[], next: r.nextToken };
  }), [], 15_000);
  return (
    <>
      <PageHeader title="Repositories" />
      <ErrorBox error={live.error} />
      <Card>
        {!live.data ? <Loading error={live.error} /> : (
          <Table label="Repositories" rows={live.data} rowKey={(r) => r.repositoryArn} empty={<Empty title="No repositories yet">Create one with <code>aws ecr create-repository</code>, then <code>docker push</code> to it.</Empty>}
            columns={[
              { title: 'Repository', cell: (r) => <a href={href('repositories', r.repositoryName)}>{r.repositoryName}</a> },
              { title: 'URI', cell: (r) => <span class="mono small">{r.repositoryUri}</span> },
              { title: 'Tag mutability', cell: (r) => r.imageTagMutability },
              { title: 'Created', cell: (r) => <Time at={r.createdAt} /> },
            ]} />
        )}
      </Card>
    </>
  );
}

export function Repository({ name }: { name: string }) {
  const live = usePoll(() => all(async (t) => {
    const r = await ecr('DescribeImages', { repositoryName: name, nextToken: t });
    return { items: (r.imageDetails ?? []) as any[], next: r.nextToken };
  }), [name], 15_000);
  const images = (live.data ?? []).slice().sort((a, b) => (b.imagePushedAt ?? 0) - (a.imagePushedAt ?? 0));
  return (
    <>
      <PageHeader crumbs={[['Repositories', href('repositories')]]} title={name} />
      <ErrorBox error={live.error} />
      <Card title="Images">
        {!live.data ? <Loading error={live.error} /> : (
          <Table label="Images" rows={images} rowKey={(i) => i.imageDigest} empty={<Empty title="No images yet">Push one: <code>docker push {'<registry>'}/{name}:latest</code></Empty>}
            columns={[
              { title: 'Tags', cell: (i) => (i.imageTags ?? []).map((t: string) => <span class="tag">{t}</span>) },
              { title: 'Digest', cell: (i) => <span class="mono small" title={i.imageDigest}>{String(i.imageDigest).slice(0, 19)}…</span> },
              { title: 'Size', cell: (i) => bytes(i.imageSizeInBytes), class: 'num' },
              { title: 'Pushed', cell: (i) => <Time at={i.imagePushedAt} /> },
              { title: 'Manifest type', cell: (i) => <span class="muted small">{i.imageManifestMediaType}</span> },
            ]} />
        )}
      </Card>
    </>
  );
}
