// The reads the views share, each a plain AWS call (or a few) through berthd.
import { all, ecs, elb, inChunks, isDenied, members, text } from './api';

/**
 * The clusters the signed-in user may see. ListClusters names them all, but DescribeClusters is refused as a whole when
 * one of the clusters asked for is not allowed: then each is described on its own and those refused are left out
 * (counted in `hidden`), so a user limited to some clusters sees exactly those.
 */
export async function clusters(): Promise<{ clusters: any[]; hidden: number }> {
  const arns = await all<string>(async (t) => { const r = await ecs('ListClusters', { nextToken: t }); return { items: r.clusterArns ?? [], next: r.nextToken }; });
  let hidden = 0;
  const found = await inChunks<string, any>(arns, 100, async (c) => {
    try {
      return (await ecs('DescribeClusters', { clusters: c })).clusters ?? [];
    } catch (e) {
      if (!isDenied(e)) throw e;
      const one = await Promise.all(c.map(async (arn) => {
        try { return (await ecs('DescribeClusters', { clusters: [arn] })).clusters ?? []; } catch (e1) { if (!isDenied(e1)) throw e1; hidden++; return []; }
      }));
      return one.flat();
    }
  });
  return { clusters: found, hidden };
}

export async function services(cluster: string): Promise<any[]> {
  const arns = await all<string>(async (t) => { const r = await ecs('ListServices', { cluster, nextToken: t }); return { items: r.serviceArns ?? [], next: r.nextToken }; });
  if (arns.length === 0) return [];
  return inChunks<string, any>(arns, 10, async (c) => (await ecs('DescribeServices', { cluster, services: c })).services ?? []);
}

export async function tasks(cluster: string, filter: { serviceName?: string; desiredStatus?: string } = {}): Promise<any[]> {
  const arns = await all<string>(async (t) => { const r = await ecs('ListTasks', { cluster, ...filter, nextToken: t }); return { items: r.taskArns ?? [], next: r.nextToken }; });
  if (arns.length === 0) return [];
  const found = await inChunks<string, any>(arns, 100, async (c) => (await ecs('DescribeTasks', { cluster, tasks: c })).tasks ?? []);
  return found.sort((a, b) => (b.createdAt ?? 0) - (a.createdAt ?? 0));
}

/** Running and recently stopped tasks together (ECS lists only one desired status at a time). */
export async function allTasks(cluster: string, serviceName?: string): Promise<any[]> {
  const [running, stopped] = await Promise.all([tasks(cluster, { serviceName, desiredStatus: 'RUNNING' }), tasks(cluster, { serviceName, desiredStatus: 'STOPPED' })]);
  return [...running, ...stopped];
}

export interface TargetHealth { id: string; port: string; state: string; reason: string; description: string }

export async function targetHealth(targetGroupArn: string): Promise<TargetHealth[]> {
  const doc = await elb('DescribeTargetHealth', { TargetGroupArn: targetGroupArn });
  return members(doc, 'TargetHealthDescriptions').map((m) => {
    const target = m.getElementsByTagName('Target')[0];
    const health = m.getElementsByTagName('TargetHealth')[0];
    return { id: text(target, 'Id'), port: text(target, 'Port'), state: text(health, 'State'), reason: text(health, 'Reason'), description: text(health, 'Description') };
  });
}

/** Where a task's containers log with awslogs: group and stream (prefix/container/task-id) per container. */
export async function logStreamsOf(task: any): Promise<{ container: string; group: string; stream: string }[]> {
  const def = (await ecs('DescribeTaskDefinition', { taskDefinition: task.taskDefinitionArn })).taskDefinition;
  const id = String(task.taskArn).split('/').pop();
  return (def?.containerDefinitions ?? [])
    .filter((c: any) => c.logConfiguration?.logDriver === 'awslogs' && c.logConfiguration.options?.['awslogs-group'])
    .map((c: any) => {
      const o = c.logConfiguration.options;
      const prefix = o['awslogs-stream-prefix'];
      return { container: c.name, group: o['awslogs-group'], stream: prefix ? `${prefix}/${c.name}/${id}` : id! };
    });
}
