import { useState } from 'preact/hooks';
import { all, ecs } from '../api';
import { usePoll } from '../poll';
import { href } from '../router';
import { lastPart } from '../format';
import { PageHeader } from '../components/Layout';
import { Badge, Card, Empty, ErrorBox, Kv, Loading, Table, Time } from '../components/ui';

export function TaskDefinitions() {
  const live = usePoll(() => all(async (t) => {
    const r = await ecs('ListTaskDefinitionFamilies', { nextToken: t });
    return { items: (r.families ?? []) as string[], next: r.nextToken };
  }), [], 15_000);
  return (
    <>
      <PageHeader title="Task definitions" />
      <ErrorBox error={live.error} />
      <Card>
        {!live.data ? <Loading error={live.error} /> : (
          <Table label="Task definition families" rows={live.data} rowKey={(f) => f} empty={<Empty title="No task definitions yet">Register one with <code>aws ecs register-task-definition</code>.</Empty>}
            columns={[{ title: 'Family', cell: (f) => <a href={href('task-definitions', f)}>{f}</a> }]} />
        )}
      </Card>
    </>
  );
}

export function TaskDefinitionFamily({ family, revision }: { family: string; revision?: string }) {
  const revs = usePoll(() => all(async (t) => {
    const r = await ecs('ListTaskDefinitions', { familyPrefix: family, sort: 'DESC', nextToken: t, status: 'ACTIVE' });
    return { items: (r.taskDefinitionArns ?? []) as string[], next: r.nextToken };
  }), [family], 15_000);
  const chosen = revision ? `${family}:${revision}` : revs.data?.[0] ? lastPart(revs.data[0]) : undefined;
  const def = usePoll(async () => (chosen ? (await ecs('DescribeTaskDefinition', { taskDefinition: chosen })).taskDefinition : null), [chosen], 60_000);
  const [showJson, setShowJson] = useState(false);
  const td = def.data;
  return (
    <>
      <PageHeader crumbs={[['Task definitions', href('task-definitions')]]} title={family} />
      <ErrorBox error={revs.error ?? def.error} />
      <div class="grid-side">
        <Card title="Active revisions">
          {!revs.data ? <Loading error={revs.error} /> : (
            <ul class="revisions">{revs.data.length === 0 ? <Empty title="No active revisions" /> : revs.data.map((a) => {
              const name = lastPart(a);
              return <li class={name === chosen ? 'active' : ''}><a href={href('task-definitions', family, name.split(':')[1])}>{name}</a></li>;
            })}</ul>
          )}
        </Card>
        <Card title={chosen ?? 'Revision'} actions={td && <button class="secondary small" onClick={() => setShowJson(!showJson)}>{showJson ? 'Summary' : 'JSON'}</button>}>
          {!td ? (def.data === null ? <Empty title="Nothing to show" /> : <Loading error={def.error} />) : showJson ? <pre class="json">{JSON.stringify(td, null, 2)}</pre> : (
            <>
              <Kv items={[
                ['Status', <Badge value={td.status} />], ['Network mode', td.networkMode], ['Compatibilities', (td.requiresCompatibilities ?? []).join(', ')],
                ['CPU / memory', `${td.cpu ?? '—'} / ${td.memory ?? '—'}`], ['Registered', <Time at={td.registeredAt} />],
                ['Execution role', td.executionRoleArn], ['Task role', td.taskRoleArn],
              ]} />
              <h3>Containers</h3>
              <Table label="Container definitions" rows={td.containerDefinitions ?? []} rowKey={(c: any) => c.name} empty={<Empty title="No containers" />}
                columns={[
                  { title: 'Name', cell: (c: any) => c.name },
                  { title: 'Image', cell: (c: any) => <span class="mono small">{c.image}</span> },
                  { title: 'Essential', cell: (c: any) => (c.essential === false ? 'no' : 'yes') },
                  { title: 'Ports', cell: (c: any) => (c.portMappings ?? []).map((p: any) => `${p.containerPort}/${p.protocol ?? 'tcp'}`).join(', ') },
                  { title: 'Logs', cell: (c: any) => c.logConfiguration ? `${c.logConfiguration.logDriver} ${c.logConfiguration.options?.['awslogs-group'] ?? ''}` : '' },
                ]} />
            </>
          )}
        </Card>
      </div>
    </>
  );
}
