import { useState } from 'preact/hooks';
import { cloudwatch, ecs, servicediscovery } from '../api';
import { allTasks, targetHealth } from '../data';
import { usePoll } from '../poll';
import { href } from '../router';
import { lastPart, taskDefName } from '../format';
import { PageHeader } from '../components/Layout';
import { ActionDialog } from '../components/Dialog';
import { LineChart } from '../components/Chart';
import { Badge, Card, Empty, ErrorBox, Loading, Stat, Table, Time } from '../components/ui';
import { TaskTable } from './TaskTable';

export function Service({ cluster, name }: { cluster: string; name: string }) {
  const [dialog, setDialog] = useState<'scale' | 'deploy' | null>(null);
  const live = usePoll(async () => {
    const r = await ecs('DescribeServices', { cluster, services: [name] });
    const svc = r.services?.[0];
    if (!svc) return { svc: undefined, tasks: [], health: [], registries: [] };
    const groups = [...new Set<string>((svc.loadBalancers ?? []).map((l: any) => l.targetGroupArn).filter(Boolean))];
    const [tasks, health, registries] = await Promise.all([allTasks(cluster, name), Promise.all(groups.map(async (g) => ({ arn: g, targets: await targetHealth(g).catch(() => []) }))),
      Promise.all((svc.serviceRegistries ?? []).map((r: any) => registry(r.registryArn).catch(() => ({ dnsName: `${lastPart(r.registryArn)} (unavailable)`, instances: [] }))))]);
    return { svc, tasks, health, registries };
  }, [cluster, name]);
  const d = live.data;
  const crumbs: [string, string][] = [['Clusters', href('clusters')], [cluster, href('clusters', cluster)]];
  if (d && !d.svc) return <><PageHeader crumbs={crumbs} title={name} /><Empty title="No such service">It may have been deleted.</Empty></>;
  const s = d?.svc;
  return (
    <>
      <PageHeader crumbs={crumbs} title={name} badge={s && <Badge value={s.status} />}
        actions={<>
          <button class="secondary" disabled={!s} onClick={() => setDialog('scale')}>Update desired count</button>
          <button class="secondary" disabled={!s} onClick={() => setDialog('deploy')}>Force new deployment</button>
        </>} />
      <ErrorBox error={live.error} />
      {!s ? <Loading error={live.error} /> : (
        <>
          <div class="stats">
            <Stat label="Desired" value={<span data-testid="desired">{s.desiredCount}</span>} />
            <Stat label="Running" value={<span data-testid="running">{s.runningCount}</span>} tone={s.runningCount === s.desiredCount ? 'green' : 'amber'} />
            <Stat label="Pending" value={<span data-testid="pending">{s.pendingCount}</span>} tone={s.pendingCount ? 'amber' : ''} />
            <Stat label="Task definition" tone="text" value={<a href={href('task-definitions', taskDefName(s.taskDefinition).split(':')[0])}>{taskDefName(s.taskDefinition)}</a>} />
          </div>
          <Card title="Deployments">
            <Table label="Deployments" rows={s.deployments ?? []} rowKey={(x: any) => x.id} empty={<Empty title="No deployments" />}
              columns={[
                { title: 'Deployment', cell: (x: any) => <span class="mono">{x.id}</span> },
                { title: 'Status', cell: (x: any) => <Badge value={x.status} /> },
                { title: 'Rollout', cell: (x: any) => <span title={x.rolloutStateReason}><Badge value={x.rolloutState} /></span> },
                { title: 'Task definition', cell: (x: any) => taskDefName(x.taskDefinition) },
                { title: 'Desired', cell: (x: any) => x.desiredCount, class: 'num' },
                { title: 'Running', cell: (x: any) => x.runningCount, class: 'num' },
                { title: 'Pending', cell: (x: any) => x.pendingCount, class: 'num' },
                { title: 'Failed', cell: (x: any) => x.failedTasks ?? 0, class: 'num' },
                { title: 'Updated', cell: (x: any) => <Time at={x.updatedAt} /> },
              ]} />
          </Card>
          <Metrics cluster={cluster} service={name} />
          {d.health.length > 0 && (
            <Card title="Target health">
              {d.health.map((g) => (
                <div class="subsection">
                  <h3><a href={href('load-balancers')}>{lastPart(g.arn.replace(/\/[^/]+$/, ''))}</a></h3>
                  <Table label="Targets" rows={g.targets} rowKey={(t) => `${t.id}:${t.port}`} empty={<Empty title="No registered targets" />}
                    columns={[
                      { title: 'Target', cell: (t) => <span class="mono">{t.id}:{t.port}</span> },
                      { title: 'State', cell: (t) => <Badge value={t.state} /> },
                      { title: 'Reason', cell: (t) => <span class="muted small">{t.reason} {t.description}</span> },
                    ]} />
                </div>
              ))}
            </Card>
          )}
          {d.registries.map((r: Registry) => (
            <Card title={`Service discovery: ${r.dnsName}`}>
              <Table label="Registered instances" rows={r.instances} rowKey={(i) => i.id} empty={<Empty title="No instances">Tasks register once they are RUNNING and healthy.</Empty>}
                columns={[
                  { title: 'Instance', cell: (i) => <a class="mono" href={href('clusters', cluster, 'tasks', i.id)}>{i.id.slice(0, 12)}</a> },
                  { title: 'Address', cell: (i) => <span class="mono">{i.ip}{i.port ? `:${i.port}` : ''}</span> },
                  { title: 'Zone', cell: (i) => i.zone },
                  { title: 'Health', cell: (i) => <Badge value={i.health} /> },
                ]} />
            </Card>
          ))}
          <Card title="Tasks"><TaskTable cluster={cluster} tasks={d.tasks} label="Service tasks" /></Card>
          <Card title="Events">
            {(s.events ?? []).length === 0 ? <Empty title="No events yet" /> : (
              <ul class="events">{(s.events ?? []).slice(0, 30).map((e: any) => <li key={e.id}><Time at={e.createdAt} /><span>{e.message}</span></li>)}</ul>
            )}
          </Card>
        </>
      )}
      {dialog === 'scale' && s && <ScaleDialog cluster={cluster} service={s} onClose={(done) => { setDialog(null); if (done) live.refresh(); }} />}
      {dialog === 'deploy' && s && (
        <ActionDialog title="Force new deployment" confirm="Deploy" onClose={(done) => { setDialog(null); if (done) live.refresh(); }}
          onRun={() => ecs('UpdateService', { cluster, service: name, forceNewDeployment: true })}>
          <p>Start a new deployment of <strong>{name}</strong> with the same task definition: every task is replaced by a new one, as a rolling update.</p>
        </ActionDialog>
      )}
    </>
  );
}

function ScaleDialog({ cluster, service, onClose }: { cluster: string; service: any; onClose: (done: boolean) => void }) {
  const [count, setCount] = useState(String(service.desiredCount));
  return (
    <ActionDialog title="Update desired count" confirm="Update" onClose={onClose}
      onRun={() => ecs('UpdateService', { cluster, service: service.serviceName, desiredCount: Number(count) })}>
      <label>Desired number of tasks for {service.serviceName}
        <input name="desiredCount" type="number" value={count} onInput={(e) => setCount(e.currentTarget.value)} required />
      </label>
    </ActionDialog>
  );
}

const ranges: [string, number, number][] = [['15 min', 900, 10], ['1 h', 3600, 60], ['6 h', 21600, 300]];

function Metrics({ cluster, service }: { cluster: string; service: string }) {
  const [range, setRange] = useState(0);
  const [label, seconds, period] = ranges[range];
  const live = usePoll(async () => {
    const end = Math.floor(Date.now() / 1000);
    const dims = [{ Name: 'ClusterName', Value: cluster }, { Name: 'ServiceName', Value: service }];
    const q = (id: string, metric: string) => ({ Id: id, MetricStat: { Metric: { Namespace: 'AWS/ECS', MetricName: metric, Dimensions: dims }, Period: period, Stat: 'Average' } });
    const r = await cloudwatch('GetMetricData', { MetricDataQueries: [q('cpu', 'CPUUtilization'), q('mem', 'MemoryUtilization')], StartTime: end - seconds, EndTime: end, ScanBy: 'TimestampAscending' });
    const points = (id: string): [number, number][] => {
      const res = (r.MetricDataResults ?? []).find((x: any) => x.Id === id);
      return (res?.Timestamps ?? []).map((t: any, i: number) => [typeof t === 'number' ? t * 1000 : Date.parse(t), res.Values[i]] as [number, number]).sort((a: [number, number], b: [number, number]) => a[0] - b[0]);
    };
    return { cpu: points('cpu'), mem: points('mem') };
  }, [cluster, service, range], 10_000);
  return (
    <Card title="CPU and memory" id="metrics" actions={<div class="segmented">{ranges.map(([l], i) => <button class={i === range ? 'active' : ''} onClick={() => setRange(i)}>{l}</button>)}</div>}>
      <ErrorBox error={live.error} />
      {!live.data ? <Loading error={live.error} /> : (
        <LineChart label={`CPU and memory utilization, last ${label}`} series={[
          { name: 'CPU', color: '#2563eb', points: live.data.cpu },
          { name: 'Memory', color: '#db2777', points: live.data.mem },
        ]} />
      )}
    </Card>
  );
}

interface Registry { dnsName: string; instances: { id: string; ip: string; port?: string; zone?: string; health: string }[] }

/** A Cloud Map service the ECS service registers in: its DNS name and every instance with its health. */
async function registry(arn: string): Promise<Registry> {
  const id = arn.split('/').pop()!;
  const { Service: svc } = await servicediscovery('GetService', { Id: id });
  const { Namespace: ns } = await servicediscovery('GetNamespace', { Id: svc.NamespaceId });
  const found = await servicediscovery('DiscoverInstances', { NamespaceName: ns.Name, ServiceName: svc.Name, HealthStatus: 'ALL', MaxResults: 1000 });
  return {
    dnsName: `${svc.Name}.${ns.Name}`,
    instances: (found.Instances ?? []).map((i: any) => ({
      id: i.InstanceId, ip: i.Attributes?.AWS_INSTANCE_IPV4 ?? '', port: i.Attributes?.AWS_INSTANCE_PORT, zone: i.Attributes?.AVAILABILITY_ZONE, health: i.HealthStatus ?? 'UNKNOWN',
    })),
  };
}
