import { href } from '../router';
import { lastPart, taskDefName } from '../format';
import { Badge, Empty, Table, Time } from '../components/ui';

export function TaskTable({ cluster, tasks, label }: { cluster: string; tasks: any[]; label: string }) {
  return (
    <Table label={label} rows={tasks} rowKey={(t) => t.taskArn} empty={<Empty title="No tasks">Tasks that run or ran recently show here.</Empty>}
      columns={[
        { title: 'Task', cell: (t) => <a class="mono" href={href('clusters', cluster, 'tasks', lastPart(t.taskArn))}>{lastPart(t.taskArn).slice(0, 12)}</a> },
        { title: 'Last status', cell: (t) => <Badge value={t.lastStatus} /> },
        { title: 'Desired', cell: (t) => <Badge value={t.desiredStatus} tone="outline" /> },
        { title: 'Health', cell: (t) => t.healthStatus && t.healthStatus !== 'UNKNOWN' ? <Badge value={t.healthStatus} /> : <span class="muted">—</span> },
        { title: 'Task definition', cell: (t) => taskDefName(t.taskDefinitionArn) },
        { title: 'Group', cell: (t) => <span class="muted">{t.group}</span> },
        { title: 'IP', cell: (t) => <span class="mono">{ipOf(t) ?? '—'}</span> },
        { title: 'Started', cell: (t) => t.startedAt ? <Time at={t.startedAt} /> : <span class="muted">—</span> },
        { title: 'Stopped reason', cell: (t) => <span class="muted small">{t.stoppedReason ?? ''}</span> },
      ]} />
  );
}

export function ipOf(t: any): string | undefined {
  for (const a of t.attachments ?? [])
    for (const d of a.details ?? []) if (d.name === 'privateIPv4Address') return d.value;
  return t.containers?.[0]?.networkInterfaces?.[0]?.privateIpv4Address;
}
