import { useState } from 'preact/hooks';
import { ec2, ecs, items, text } from '../api';
import { usePoll } from '../poll';
import { href } from '../router';
import { absolute, lastPart, taskDefName } from '../format';
import { PageHeader } from '../components/Layout';
import { ActionDialog } from '../components/Dialog';
import { Badge, Card, Empty, ErrorBox, Kv, Loading, Table, Time } from '../components/ui';
import { ipOf } from './TaskTable';

const steps: [string, string][] = [
  ['createdAt', 'Created'], ['pullStartedAt', 'Pull started'], ['pullStoppedAt', 'Pulled'], ['startedAt', 'Started'],
  ['stoppingAt', 'Stopping'], ['executionStoppedAt', 'Execution stopped'], ['stoppedAt', 'Stopped'],
];

export function Task({ cluster, id }: { cluster: string; id: string }) {
  const [stopping, setStopping] = useState(false);
  const live = usePoll(async () => {
    const r = await ecs('DescribeTasks', { cluster, tasks: [id] });
    const task = r.tasks?.[0] ?? null;
    return task && { ...task, eni: await networkInterface(task).catch(() => undefined) };
  }, [cluster, id]);
  const t = live.data;
  const service = t?.group?.startsWith('service:') ? t.group.slice(8) : undefined;
  const crumbs: [string, string][] = [['Clusters', href('clusters')], [cluster, href('clusters', cluster)]];
  if (service) crumbs.push([service, href('clusters', cluster, 'services', service)]);
  if (t === null) return <><PageHeader crumbs={crumbs} title={`Task ${id}`} /><Empty title="No such task">Stopped tasks are kept for a while, then forgotten.</Empty></>;
  return (
    <>
      <PageHeader crumbs={crumbs} title={<span class="mono">Task {id}</span>} badge={t && <Badge value={t.lastStatus} />}
        actions={<>
          <a class="button secondary" href={href('clusters', cluster, 'tasks', id, 'logs')}>Logs</a>
          <button class="danger" disabled={!t || t.desiredStatus === 'STOPPED'} onClick={() => setStopping(true)}>Stop</button>
        </>} />
      <ErrorBox error={live.error} />
      {!t ? <Loading error={live.error} /> : (
        <>
          <div class="grid2">
            <Card title="Details">
              <Kv items={[
                ['Last status', <Badge value={t.lastStatus} />],
                ['Desired status', <Badge value={t.desiredStatus} tone="outline" />],
                ['Health', t.healthStatus ? <Badge value={t.healthStatus} /> : undefined],
                ['Task definition', <a href={href('task-definitions', taskDefName(t.taskDefinitionArn).split(':')[0])}>{taskDefName(t.taskDefinitionArn)}</a>],
                ['Group', t.group],
                ['Launch type', t.launchType],
                ['CPU / memory', `${t.cpu} / ${t.memory} MiB`],
                ['Private IP', <span class="mono">{ipOf(t)}</span>],
                ['Stop code', t.stopCode],
                ['Stopped reason', t.stoppedReason],
              ]} />
            </Card>
            <Card title="Status timeline">
              <ol class="timeline">
                {steps.map(([key, label]) => (
                  <li class={t[key] ? 'done' : 'todo'} data-step={key}>
                    <span class="dot" />
                    <span class="step">{label}</span>
                    {t[key] ? <span class="when" title={absolute(t[key])}>{absolute(t[key])} · <Time at={t[key]} /></span> : <span class="muted">—</span>}
                  </li>
                ))}
              </ol>
            </Card>
          </div>
          <Card title="Network">
            <Kv items={[
              ['Subnet', <span class="mono">{detail(t, 'subnetId')}</span>],
              ['Availability zone', t.availabilityZone ?? t.eni?.zone],
              ['Network interface', <span class="mono">{detail(t, 'networkInterfaceId')}</span>],
              ['Private IP', <span class="mono">{ipOf(t)}</span>],
              ['MAC address', <span class="mono">{detail(t, 'macAddress')}</span>],
              ['Security groups', t.eni?.groups.length ? <span data-testid="security-groups">{t.eni.groups.map((g: { id: string; name: string }) => <span class="mono" title={g.name}>{g.id} </span>)}</span> : undefined],
            ]} />
          </Card>
          <Card title="Containers">
            <Table label="Containers" rows={t.containers ?? []} rowKey={(c: any) => c.name} empty={<Empty title="No containers" />}
              columns={[
                { title: 'Name', cell: (c: any) => c.name },
                { title: 'Status', cell: (c: any) => <Badge value={c.lastStatus} /> },
                { title: 'Health', cell: (c: any) => c.healthStatus && c.healthStatus !== 'UNKNOWN' ? <Badge value={c.healthStatus} /> : <span class="muted">—</span> },
                { title: 'Image', cell: (c: any) => <span class="mono small">{c.image}</span> },
                { title: 'Exit code', cell: (c: any) => c.exitCode ?? <span class="muted">—</span>, class: 'num' },
                { title: 'IP', cell: (c: any) => <span class="mono">{c.networkInterfaces?.[0]?.privateIpv4Address ?? ''}</span> },
                { title: 'Reason', cell: (c: any) => <span class="muted small">{c.reason ?? ''}</span> },
                { title: 'Runtime id', cell: (c: any) => <span class="mono small">{(c.runtimeId ?? '').slice(0, 12)}</span> },
              ]} />
          </Card>
        </>
      )}
      {stopping && t && (
        <ActionDialog title="Stop task" confirm="Stop task" danger onClose={(done) => { setStopping(false); if (done) live.refresh(); }}
          onRun={() => ecs('StopTask', { cluster, task: t.taskArn, reason: 'Stopped from the Berth console' })}>
          <p>Stop task <span class="mono">{lastPart(t.taskArn)}</span>? Its containers get SIGTERM, then SIGKILL after their stop timeout.
            {service && <> The service <strong>{service}</strong> will start a replacement.</>}</p>
        </ActionDialog>
      )}
    </>
  );
}

function detail(t: any, name: string): string | undefined {
  for (const a of t.attachments ?? []) for (const d of a.details ?? []) if (d.name === name) return d.value;
  return undefined;
}

/** The task's ENI as EC2 describes it: its groups and zone (the task itself names only the interface). */
async function networkInterface(t: any) {
  const eni = detail(t, 'networkInterfaceId');
  if (!eni) return undefined;
  const doc = await ec2('DescribeNetworkInterfaces', { 'NetworkInterfaceId.1': eni });
  const found = items(doc, 'networkInterfaceSet')[0];
  if (!found) return undefined;
  const groups = items(found, 'groupSet').map((g) => ({ id: text(g, 'groupId'), name: text(g, 'groupName') }));
  return { zone: text(found, 'availabilityZone'), groups };
}
