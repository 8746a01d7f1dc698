import { useState } from 'preact/hooks';
import { all, ecs } from '../api';
import { allTasks, services } from '../data';
import { usePoll } from '../poll';
import { href } from '../router';
import { taskDefName } from '../format';
import { PageHeader } from '../components/Layout';
import { ActionDialog } from '../components/Dialog';
import { Badge, Card, Empty, ErrorBox, Loading, Stat, Table, Tabs } from '../components/ui';
import { TaskTable } from './TaskTable';

export function Cluster({ name, tab }: { name: string; tab?: string }) {
  const [active, setActive] = useState(tab === 'tasks' ? 'tasks' : 'services');
  const [running, setRunning] = useState(false);
  const live = usePoll(async () => {
    const [c, svcs, tasks] = await Promise.all([ecs('DescribeClusters', { clusters: [name] }), services(name), allTasks(name)]);
    return { cluster: c.clusters?.[0], failures: c.failures ?? [], services: svcs, tasks };
  }, [name]);
  const d = live.data;
  if (d && !d.cluster) return <><PageHeader crumbs={[['Clusters', href('clusters')]]} title={name} /><Empty title="No such cluster">It may have been deleted.</Empty></>;
  return (
    <>
      <PageHeader crumbs={[['Clusters', href('clusters')]]} title={name} badge={d && <Badge value={d.cluster.status} />}
        actions={<button class="primary" onClick={() => setRunning(true)}>Run task</button>} />
      <ErrorBox error={live.error} />
      {!d ? <Loading error={live.error} /> : (
        <>
          <div class="stats">
            <Stat label="Services" value={d.cluster.activeServicesCount ?? 0} />
            <Stat label="Running tasks" value={d.cluster.runningTasksCount ?? 0} tone="green" />
            <Stat label="Pending tasks" value={d.cluster.pendingTasksCount ?? 0} tone={d.cluster.pendingTasksCount ? 'amber' : ''} />
          </div>
          <Tabs tabs={[['services', `Services (${d.services.length})`], ['tasks', `Tasks (${d.tasks.length})`]]} active={active} onSelect={setActive} />
          <Card>
            {active === 'services' ? (
              <Table label="Services" rows={d.services} rowKey={(s) => s.serviceArn} empty={<Empty title="No services in this cluster">Create one with <code>aws ecs create-service</code> or <code>berth deploy</code>.</Empty>}
                columns={[
                  { title: 'Service', cell: (s) => <a href={href('clusters', name, 'services', s.serviceName)}>{s.serviceName}</a> },
                  { title: 'Status', cell: (s) => <Badge value={s.status} /> },
                  { title: 'Tasks (running/desired)', cell: (s) => <span class={s.runningCount === s.desiredCount ? 'ok' : 'warn'} data-counts={`${s.runningCount}/${s.desiredCount}`}>{s.runningCount}/{s.desiredCount}</span>, class: 'num' },
                  { title: 'Pending', cell: (s) => s.pendingCount ?? 0, class: 'num' },
                  { title: 'Rollout', cell: (s) => <Badge value={s.deployments?.find((x: any) => x.status === 'PRIMARY')?.rolloutState} /> },
                  { title: 'Task definition', cell: (s) => taskDefName(s.taskDefinition) },
                ]} />
            ) : <TaskTable cluster={name} tasks={d.tasks} label="Tasks" />}
          </Card>
        </>
      )}
      {running && <RunTaskDialog cluster={name} onClose={(done) => { setRunning(false); if (done) { setActive('tasks'); live.refresh(); } }} />}
    </>
  );
}

function RunTaskDialog({ cluster, onClose }: { cluster: string; onClose: (done: boolean) => void }) {
  const defs = usePoll(() => all(async (t) => {
    const r = await ecs('ListTaskDefinitions', { status: 'ACTIVE', sort: 'DESC', nextToken: t });
    return { items: (r.taskDefinitionArns ?? []) as string[], next: r.nextToken };
  }, 5), [], 60_000);
  const [def, setDef] = useState('');
  const [count, setCount] = useState(1);
  const chosen = def || defs.data?.[0] || '';
  return (
    <ActionDialog title="Run task" confirm="Run" onClose={onClose}
      onRun={async () => {
        const r = await ecs('RunTask', { cluster, taskDefinition: chosen, count, launchType: 'FARGATE' });
        if (r.failures?.length) throw new Error(r.failures.map((f: any) => `${f.arn ?? ''} ${f.reason}`).join('; '));
      }}>
      <label>Task definition
        <select value={chosen} onChange={(e) => setDef(e.currentTarget.value)} required>
          {(defs.data ?? []).map((a) => <option value={a}>{taskDefName(a)}</option>)}
        </select>
      </label>
      {defs.data?.length === 0 && <p class="muted">No active task definitions: register one first.</p>}
      <label>Number of tasks<input type="number" min={1} max={10} value={count} onInput={(e) => setCount(Number(e.currentTarget.value))} /></label>
      <p class="muted small">Runs on FARGATE in the default subnet and security group.</p>
    </ActionDialog>
  );
}
