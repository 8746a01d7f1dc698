import { clusters } from '../data';
import { usePoll } from '../poll';
import { href } from '../router';
import { PageHeader } from '../components/Layout';
import { Badge, Card, Empty, ErrorBox, Loading, Table } from '../components/ui';

export function Clusters() {
  const { data, error } = usePoll(clusters, []);
  return (
    <>
      <PageHeader title="Clusters" />
      <ErrorBox error={error} />
      <Card>
        {!data ? <Loading error={error} /> : (
          <Table label="Clusters" rows={data.clusters} rowKey={(c) => c.clusterArn} empty={<Empty title="No clusters yet">Create one with <code>aws ecs create-cluster --cluster-name demo --endpoint-url …</code></Empty>}
            columns={[
              { title: 'Cluster', cell: (c) => <a href={href('clusters', c.clusterName)}>{c.clusterName}</a> },
              { title: 'Status', cell: (c) => <Badge value={c.status} /> },
              { title: 'Services', cell: (c) => c.activeServicesCount ?? 0, class: 'num' },
              { title: 'Running tasks', cell: (c) => <span class={c.runningTasksCount ? 'ok' : ''}>{c.runningTasksCount ?? 0}</span>, class: 'num' },
              { title: 'Pending tasks', cell: (c) => <span class={c.pendingTasksCount ? 'warn' : ''}>{c.pendingTasksCount ?? 0}</span>, class: 'num' },
            ]} />
        )}
        {data && data.hidden > 0 && <p class="muted small hidden-note">{data.hidden === 1 ? '1 more cluster is' : `${data.hidden} more clusters are`} not shown: your policies do not allow <code>ecs:DescribeClusters</code> on {data.hidden === 1 ? 'it' : 'them'}.</p>}
      </Card>
    </>
  );
}
