// What the console test needs around the browser: SDK clients for the Berth under test, the busybox image, waiting, cleanup.
// Kept outside test/ on purpose: node's test runner runs every .mjs file under test/ as a test file.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:net';
import { CreateRepositoryCommand, DeleteRepositoryCommand, ECRClient } from '@aws-sdk/client-ecr';
import {
  CreateListenerCommand, CreateLoadBalancerCommand, CreateTargetGroupCommand, DeleteListenerCommand, DeleteLoadBalancerCommand,
  DeleteTargetGroupCommand, ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { CloudWatchLogsClient, CreateLogGroupCommand, DeleteLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  CreateClusterCommand, CreateServiceCommand, DeleteClusterCommand, DeleteServiceCommand, DeleteTaskDefinitionsCommand,
  DeregisterTaskDefinitionCommand, DescribeServicesCommand, DescribeTasksCommand, ECSClient, ListTasksCommand,
  RegisterTaskDefinitionCommand, StopTaskCommand,
} from '@aws-sdk/client-ecs';

export const endpoint = (process.env.BERTH_ENDPOINT ?? 'http://localhost:4566').replace(/\/+$/, '');
export const credentials = {
  accessKeyId: process.env.BERTH_ROOT_ACCESS_KEY_ID ?? process.env.AWS_ACCESS_KEY_ID,
  secretAccessKey: process.env.BERTH_ROOT_SECRET_ACCESS_KEY ?? process.env.AWS_SECRET_ACCESS_KEY,
};
if (!credentials.accessKeyId || !credentials.secretAccessKey) throw new Error('Set BERTH_ROOT_ACCESS_KEY_ID and BERTH_ROOT_SECRET_ACCESS_KEY to the credentials of the Berth under test.');

const here = dirname(fileURLToPath(import.meta.url));
export const screenshotDir = join(process.env.ARTIFACTS ?? resolve(here, '../../../artifacts'), 'test-logs', 'console');

const config = { endpoint, region: 'us-east-1', credentials, maxAttempts: 1 };
export const ecs = new ECSClient(config);
export const logs = new CloudWatchLogsClient(config);
export const ecr = new ECRClient(config);
export const elb = new ElasticLoadBalancingV2Client(config);
export const ec2 = new EC2Client(config);

/** A free TCP port on 127.0.0.1 for the listener (BERTH_CONSOLE_LB_PORT picks one instead). */
async function listenerPort() {
  if (process.env.BERTH_CONSOLE_LB_PORT) return Number(process.env.BERTH_CONSOLE_LB_PORT);
  return new Promise((ok, fail) => {
    const srv = createServer().once('error', fail).listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => ok(port)); });
  });
}

/** An ECR repository, and a load balancer whose listener forwards to a target group, for the console's other views. */
export async function createExtras(run) {
  const out = { repository: `console-e2e/${run}` };
  await ecr.send(new CreateRepositoryCommand({ repositoryName: out.repository }));
  const lb = (await elb.send(new CreateLoadBalancerCommand({ Name: `console-e2e-${run}`.slice(0, 32) }))).LoadBalancers[0];
  out.loadBalancerArn = lb.LoadBalancerArn;
  out.loadBalancerName = lb.LoadBalancerName;
  const vpc = (await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }))).Vpcs[0].VpcId;
  const tg = (await elb.send(new CreateTargetGroupCommand({ Name: `console-tg-${run}`.slice(0, 32), Protocol: 'HTTP', Port: 80, TargetType: 'ip', VpcId: vpc }))).TargetGroups[0];
  out.targetGroupArn = tg.TargetGroupArn;
  out.targetGroupName = tg.TargetGroupName;
  out.port = await listenerPort();
  const listener = (await elb.send(new CreateListenerCommand({ LoadBalancerArn: lb.LoadBalancerArn, Protocol: 'HTTP', Port: out.port, DefaultActions: [{ Type: 'forward', TargetGroupArn: tg.TargetGroupArn }] }))).Listeners[0];
  out.listenerArn = listener.ListenerArn;
  return out;
}

export async function cleanupExtras(x) {
  if (!x) return;
  if (x.listenerArn) await elb.send(new DeleteListenerCommand({ ListenerArn: x.listenerArn })).catch(ignore);
  if (x.loadBalancerArn) await elb.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: x.loadBalancerArn })).catch(ignore);
  if (x.targetGroupArn) await elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: x.targetGroupArn })).catch(ignore);
  await ecr.send(new DeleteRepositoryCommand({ repositoryName: x.repository, force: true })).catch(ignore);
}

export const IMAGE = 'berth-console-e2e/busybox:1';
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls fn until it returns something truthy (errors count as "not yet"), at most timeoutMs. */
export async function waitFor(fn, timeoutMs = 60_000, intervalMs = 500, what = 'condition') {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) { last = e; }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
    await sleep(intervalMs);
  }
}

/** A FROM-scratch image around Debian's static busybox, built on the local engine (nothing pulled). */
export function ensureImage() {
  if (!existsSync('/bin/busybox')) throw new Error('busybox-static is needed (apt-get install busybox-static)');
  const dir = mkdtempSync(join(tmpdir(), 'berth-console-image-'));
  try {
    mkdirSync(join(dir, 'bin'));
    cpSync('/bin/busybox', join(dir, 'bin', 'busybox'));
    for (const applet of ['sh', 'sleep', 'echo', 'cat', 'yes', 'head']) symlinkSync('busybox', join(dir, 'bin', applet));
    writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\nCOPY bin/ /bin/\nCMD ["sh"]\n');
    execFileSync('docker', ['build', '-q', '-t', IMAGE, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A cluster with a service of `count` tasks that print a numbered line every second to awslogs. */
export async function createService(run, count) {
  const cluster = `console-e2e-${run}`, service = 'web', family = `console-e2e-${run}`, logGroup = `/berth/console-e2e-${run}`;
  await ecs.send(new CreateClusterCommand({ clusterName: cluster }));
  await logs.send(new CreateLogGroupCommand({ logGroupName: logGroup }));
  const td = await ecs.send(new RegisterTaskDefinitionCommand({
    family, networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], cpu: '256', memory: '512',
    containerDefinitions: [{
      name: 'app', image: IMAGE, essential: true, stopTimeout: 2,
      command: ['sh', '-c', "trap 'exit 0' TERM; i=0; while true; do echo \"console-e2e line $i\"; i=$((i+1)); sleep 1 & wait; done"],
      logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': logGroup, 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'web' } },
    }],
  }));
  await ecs.send(new CreateServiceCommand({ cluster, serviceName: service, taskDefinition: td.taskDefinition.taskDefinitionArn, desiredCount: count, launchType: 'FARGATE' }));
  return { cluster, service, family, logGroup, taskDefinitionArn: td.taskDefinition.taskDefinitionArn };
}

export async function describeService(cluster, service) {
  return (await ecs.send(new DescribeServicesCommand({ cluster, services: [service] }))).services?.[0];
}

export async function runningTaskIds(cluster, service) {
  const arns = (await ecs.send(new ListTasksCommand({ cluster, serviceName: service, desiredStatus: 'RUNNING' }))).taskArns ?? [];
  if (arns.length === 0) return [];
  const tasks = (await ecs.send(new DescribeTasksCommand({ cluster, tasks: arns }))).tasks ?? [];
  return tasks.filter((t) => t.lastStatus === 'RUNNING').map((t) => t.taskArn.split('/').pop());
}

const ignore = () => {};

/** Removes what createService made: the service, its tasks, the cluster, the task definition and the log group. */
export async function cleanup(r) {
  if (!r) return;
  await ecs.send(new DeleteServiceCommand({ cluster: r.cluster, service: r.service, force: true })).catch(ignore);
  const arns = (await ecs.send(new ListTasksCommand({ cluster: r.cluster })).catch(() => ({}))).taskArns ?? [];
  for (const task of arns) await ecs.send(new StopTaskCommand({ cluster: r.cluster, task, reason: 'console test cleanup' })).catch(ignore);
  await waitFor(async () => {
    await ecs.send(new DeleteClusterCommand({ cluster: r.cluster }));
    return true;
  }, 30_000, 1000, 'the cluster to be deletable').catch(ignore);
  await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: r.taskDefinitionArn })).catch(ignore);
  await ecs.send(new DeleteTaskDefinitionsCommand({ taskDefinitions: [r.taskDefinitionArn] })).catch(ignore);
  await logs.send(new DeleteLogGroupCommand({ logGroupName: r.logGroup })).catch(ignore);
}
