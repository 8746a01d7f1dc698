// ECS tasks on real Docker containers: RunTask, StopTask, DescribeTasks, ListTasks, the task
// lifecycle, the cluster counters, and the awslogs stream of a task in CloudWatch Logs.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';

import {
  CreateClusterCommand,
  DeleteClusterCommand,
  DescribeClustersCommand,
  DescribeTasksCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StopTaskCommand,
} from '@aws-sdk/client-ecs';
import { DescribeLogGroupsCommand, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';

import {
  IMAGE,
  Resources,
  assertNoServerErrors,
  describeTask,
  ecs,
  ensureImage,
  expectError,
  fargateTaskDefinition,
  logs,
  longRunning,
  region,
  taskId,
  uniqueName,
  waitFor,
  waitForTaskStatus,
} from '../lib/berth.mjs';

const res = new Resources();
const cluster = uniqueName('tasks');
const family = uniqueName('svc');
const exitFamily = uniqueName('exit3');
const missingImageFamily = uniqueName('noimage');
const multiFamily = uniqueName('multi');
const healthyFamily = uniqueName('healthy');
const unhealthyFamily = uniqueName('unhealthy');
const stubbornFamily = uniqueName('stubborn');
const logGroup = `/berth-conformance/${uniqueName('awslogs')}`;
const streamPrefix = 'conf';
let tdArn;
let clusterArn;

before(async () => {
  ensureImage();
  res.cluster(cluster);
  clusterArn = (await ecs.send(new CreateClusterCommand({ clusterName: cluster }))).cluster.clusterArn;
  res.logGroup(logGroup);
  const td = await ecs.send(new RegisterTaskDefinitionCommand(fargateTaskDefinition(family, {
    environment: [{ name: 'GREETING', value: 'from-definition' }],
    logConfiguration: {
      logDriver: 'awslogs',
      options: {
        'awslogs-group': logGroup,
        'awslogs-region': region,
        'awslogs-stream-prefix': streamPrefix,
        'awslogs-create-group': 'true',
      },
    },
  })));
  tdArn = res.taskDefinition(td.taskDefinition.taskDefinitionArn);
  res.taskDefinition((await ecs.send(new RegisterTaskDefinitionCommand(fargateTaskDefinition(exitFamily, {
    command: ['sh', '-c', 'echo about to fail; exit 3'],
    logConfiguration: {
      logDriver: 'awslogs',
      options: { 'awslogs-group': logGroup, 'awslogs-region': region, 'awslogs-stream-prefix': 'exit', 'awslogs-create-group': 'true' },
    },
  })))).taskDefinition.taskDefinitionArn);
  res.taskDefinition((await ecs.send(new RegisterTaskDefinitionCommand(fargateTaskDefinition(missingImageFamily, {
    image: 'localhost:1/nope:1',
  })))).taskDefinition.taskDefinitionArn);
  const awslogs = {
    logDriver: 'awslogs',
    options: { 'awslogs-group': logGroup, 'awslogs-region': region, 'awslogs-stream-prefix': streamPrefix, 'awslogs-create-group': 'true' },
  };
  const multi = fargateTaskDefinition(multiFamily, {
    name: 'web',
    command: longRunning('busybox httpd -p 8080 -h / && echo web-up'),
    logConfiguration: awslogs,
  });
  multi.containerDefinitions.push({
    name: 'probe',
    image: IMAGE,
    essential: false,
    dependsOn: [{ containerName: 'web', condition: 'START' }],
    command: ['sh', '-c', 'for i in 1 2 3 4 5 6 7 8 9 10; do busybox wget -q -O /dev/null http://127.0.0.1:8080/bin/busybox && { echo reach-ok; exit 0; }; sleep 1; done; echo reach-fail; exit 1'],
    logConfiguration: awslogs,
  });
  res.taskDefinition((await ecs.send(new RegisterTaskDefinitionCommand(multi))).taskDefinition.taskDefinitionArn);
  res.taskDefinition((await ecs.send(new RegisterTaskDefinitionCommand(fargateTaskDefinition(healthyFamily, {
    healthCheck: { command: ['CMD-SHELL', 'true'], interval: 5, timeout: 2, retries: 1 },
  })))).taskDefinition.taskDefinitionArn);
  res.taskDefinition((await ecs.send(new RegisterTaskDefinitionCommand(fargateTaskDefinition(unhealthyFamily, {
    healthCheck: { command: ['CMD-SHELL', 'exit 1'], interval: 5, timeout: 2, retries: 1 },
  })))).taskDefinition.taskDefinitionArn);
  res.taskDefinition((await ecs.send(new RegisterTaskDefinitionCommand(fargateTaskDefinition(stubbornFamily, {
    command: ['sleep', '300'], // PID 1 without a SIGTERM handler: only SIGKILL after stopTimeout ends it
    stopTimeout: 2,
  })))).taskDefinition.taskDefinitionArn);
});

after(async () => {
  await res.cleanup();
  assertNoServerErrors();
});

async function run(input) {
  const out = await ecs.send(new RunTaskCommand({ cluster, taskDefinition: family, ...input }));
  for (const t of out.tasks ?? []) res.task(cluster, t.taskArn);
  return out;
}

const ipv4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const detail = (attachment, name) => attachment.details.find((d) => d.name === name)?.value;

describe('RunTask', () => {
  it('starts count=2 tasks of the latest revision', async () => {
    const out = await run({ count: 2, startedBy: 'conf-batch' });
    assert.equal(out.failures?.length ?? 0, 0);
    assert.equal(out.tasks.length, 2);
    assert.notEqual(out.tasks[0].taskArn, out.tasks[1].taskArn);
    for (const t of out.tasks) {
      assert.match(t.taskArn, new RegExp(`^arn:aws:ecs:${region}:\\d{12}:task/${cluster}/[0-9a-f]{32}$`));
      assert.equal(t.clusterArn, clusterArn);
      assert.equal(t.taskDefinitionArn, tdArn);
      assert.equal(t.desiredStatus, 'RUNNING');
      assert.ok(['PROVISIONING', 'PENDING', 'ACTIVATING', 'RUNNING'].includes(t.lastStatus), `lastStatus ${t.lastStatus}`);
      assert.equal(t.launchType, 'FARGATE');
      assert.equal(t.cpu, '256');
      assert.equal(t.memory, '512');
      assert.equal(t.startedBy, 'conf-batch');
      assert.equal(t.group, `family:${family}`, 'default group is family:<family>');
      assert.ok(t.createdAt instanceof Date);
      assert.equal(t.containers.length, 1);
      assert.equal(t.containers[0].name, 'app');
      assert.equal(t.containers[0].taskArn, t.taskArn);
      assert.equal(t.attachments[0].type, 'ElasticNetworkInterface');
    }
  });

  it('count 11 is InvalidParameterException', async () => {
    await expectError(run({ count: 11 }), 'InvalidParameterException');
  });

  it('count 0 is InvalidParameterException', async () => {
    await expectError(run({ count: 0 }), 'InvalidParameterException');
  });

  it('an unknown cluster is ClusterNotFoundException', async () => {
    await expectError(ecs.send(new RunTaskCommand({ cluster: uniqueName('nosuch'), taskDefinition: family })), 'ClusterNotFoundException');
  });

  it('an unknown task definition is ClientException', async () => {
    await expectError(run({ taskDefinition: uniqueName('nosuchfamily') }), 'ClientException');
  });

  it('an override for a container not in the task definition is InvalidParameterException', async () => {
    await expectError(run({ overrides: { containerOverrides: [{ name: 'ghost', command: ['true'] }] } }), 'InvalidParameterException');
  });

  it('without networkConfiguration the task gets a default subnet', async () => {
    const out = await run({});
    const [att] = out.tasks[0].attachments;
    assert.equal(att.type, 'ElasticNetworkInterface');
    assert.match(detail(att, 'subnetId') ?? '', /^subnet-/);
  });
});

describe('RunTask idempotency with clientToken', () => {
  const token = randomUUID();
  let first;

  it('the same token and parameters return the same tasks', async () => {
    first = await run({ clientToken: token, count: 1, startedBy: 'conf-token' });
    const again = await run({ clientToken: token, count: 1, startedBy: 'conf-token' });
    assert.deepEqual(again.tasks.map((t) => t.taskArn), first.tasks.map((t) => t.taskArn));
    const listed = await ecs.send(new ListTasksCommand({ cluster, startedBy: 'conf-token' }));
    assert.deepEqual(listed.taskArns, first.tasks.map((t) => t.taskArn), 'only one task was started');
  });

  it('concurrent RunTask calls with one token start one set of tasks', async () => {
    const raceToken = randomUUID();
    const outs = await Promise.all(Array.from({ length: 4 }, () => run({ clientToken: raceToken, count: 2, startedBy: 'conf-token-race' })));
    const sets = outs.map((o) => o.tasks.map((t) => t.taskArn).sort().join(','));
    assert.equal(new Set(sets).size, 1, `every call answers with the same tasks: ${JSON.stringify(sets)}`);
    const listed = await ecs.send(new ListTasksCommand({ cluster, startedBy: 'conf-token-race' }));
    assert.equal(listed.taskArns.length, 2, 'only two tasks were started');
  });

  it('the same token with other parameters is ConflictException', async () => {
    await expectError(run({ clientToken: token, count: 1, startedBy: 'conf-other' }), 'ConflictException');
  });
});

describe('a task through its lifecycle', () => {
  let task;
  const subnet = 'subnet-0b3e7a1f00000000b'; // the default VPC's second subnet (us-east-1b)
  const tags = [{ key: 'stage', value: 'lifecycle' }];
  const overrides = {
    containerOverrides: [{
      name: 'app',
      command: longRunning('echo "hello override $GREETING $EXTRA"'),
      environment: [{ name: 'EXTRA', value: 'from-override' }],
    }],
  };

  it('RunTask echoes overrides, startedBy, group, tags and the subnet', async () => {
    const out = await run({
      startedBy: 'conf-lifecycle',
      group: 'conf-group',
      tags,
      overrides,
      networkConfiguration: { awsvpcConfiguration: { subnets: [subnet], assignPublicIp: 'DISABLED' } },
    });
    task = out.tasks[0];
    assert.equal(task.startedBy, 'conf-lifecycle');
    assert.equal(task.group, 'conf-group');
    const [co] = task.overrides.containerOverrides;
    assert.equal(co.name, 'app');
    assert.deepEqual(co.command, overrides.containerOverrides[0].command);
    assert.deepEqual(co.environment, [{ name: 'EXTRA', value: 'from-override' }]);
    assert.equal(detail(task.attachments[0], 'subnetId'), subnet);
  });

  it('reaches RUNNING with an IP on the ENI attachment and the container', async () => {
    const t = await waitForTaskStatus(cluster, task.taskArn, 'RUNNING');
    assert.equal(t.desiredStatus, 'RUNNING');
    assert.ok(t.startedAt instanceof Date, 'startedAt set');
    assert.ok(t.pullStartedAt instanceof Date && t.pullStoppedAt instanceof Date, 'pull timestamps set');
    assert.ok(t.connectivityAt instanceof Date, 'connectivityAt set');
    assert.equal(t.connectivity, 'CONNECTED');
    const [att] = t.attachments;
    assert.equal(att.type, 'ElasticNetworkInterface');
    assert.equal(att.status, 'ATTACHED');
    assert.equal(detail(att, 'subnetId'), subnet);
    const ip = detail(att, 'privateIPv4Address');
    assert.match(ip ?? '', ipv4, 'attachments[0].details privateIPv4Address');
    assert.match(detail(att, 'networkInterfaceId') ?? '', /^eni-/);
    const [c] = t.containers;
    assert.equal(c.lastStatus, 'RUNNING');
    assert.equal(c.networkInterfaces[0].privateIpv4Address, ip);
    assert.equal(c.networkInterfaces[0].attachmentId, att.id);
    assert.equal(typeof c.runtimeId, 'string');
    assert.ok(c.runtimeId.length > 0, 'runtimeId set');
    assert.deepEqual(t.overrides.containerOverrides[0].environment, [{ name: 'EXTRA', value: 'from-override' }]);
  });

  it('DescribeTasks include TAGS returns the tags', async () => {
    const t = await describeTask(cluster, task.taskArn, ['TAGS']);
    assert.deepEqual(t.tags, tags);
    const plain = await describeTask(cluster, task.taskArn);
    assert.equal(plain.tags?.length ?? 0, 0);
  });

  it('CloudWatch Logs: the awslogs group exists and the stream prefix/container/task-id holds the output', async () => {
    const groups = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: logGroup }));
    assert.deepEqual(groups.logGroups.map((g) => g.logGroupName), [logGroup], 'awslogs-create-group created the group');
    const logStreamName = `${streamPrefix}/app/${taskId(task.taskArn)}`;
    const messages = await waitFor(async () => {
      const out = await logs.send(new GetLogEventsCommand({ logGroupName: logGroup, logStreamName, startFromHead: true }));
      const m = out.events.map((e) => e.message);
      return m.length > 0 ? m : undefined;
    }, 30_000);
    assert.ok(
      messages.some((m) => m.includes('hello override from-definition from-override')),
      `override command ran with the definition's and the override's environment: ${JSON.stringify(messages)}`,
    );
  });

  it('ListTasks filters by family, startedBy, launchType', async () => {
    const byFamily = await listTasks({ family });
    assert.ok(byFamily.includes(task.taskArn));
    const byStarter = await listTasks({ startedBy: 'conf-lifecycle' });
    assert.deepEqual(byStarter, [task.taskArn]);
    const fargate = await listTasks({ launchType: 'FARGATE', startedBy: 'conf-lifecycle' });
    assert.deepEqual(fargate, [task.taskArn]);
    const ec2 = await listTasks({ launchType: 'EC2', startedBy: 'conf-lifecycle' });
    assert.deepEqual(ec2, []);
    const otherFamily = await listTasks({ family: exitFamily, startedBy: 'conf-lifecycle' });
    assert.deepEqual(otherFamily, []);
  });

  it('StopTask sets desiredStatus STOPPED at once', async () => {
    const out = await ecs.send(new StopTaskCommand({ cluster, task: task.taskArn, reason: 'conformance says stop' }));
    assert.equal(out.task.taskArn, task.taskArn);
    assert.equal(out.task.desiredStatus, 'STOPPED');
  });

  it('the task reaches STOPPED with stopCode UserInitiated, the reason, and ordered timestamps', async () => {
    const t = await waitForTaskStatus(cluster, task.taskArn, 'STOPPED', 60_000);
    assert.equal(t.desiredStatus, 'STOPPED');
    assert.equal(t.stopCode, 'UserInitiated');
    assert.equal(t.stoppedReason, 'conformance says stop');
    for (const k of ['createdAt', 'startedAt', 'stoppingAt', 'stoppedAt']) assert.ok(t[k] instanceof Date, `${k} set`);
    assert.ok(t.createdAt <= t.startedAt, 'createdAt <= startedAt');
    assert.ok(t.startedAt <= t.stoppingAt, 'startedAt <= stoppingAt');
    assert.ok(t.stoppingAt <= t.stoppedAt, 'stoppingAt <= stoppedAt');
    assert.equal(t.containers[0].lastStatus, 'STOPPED');
    assert.equal(t.containers[0].exitCode, 0, 'the container exited 0 from its SIGTERM trap');
  });

  it('StopTask of a stopped task answers with the task, unchanged', async () => {
    const out = await ecs.send(new StopTaskCommand({ cluster, task: task.taskArn, reason: 'second stop' }));
    assert.equal(out.task.lastStatus, 'STOPPED');
    assert.equal(out.task.stopCode, 'UserInitiated');
    assert.equal(out.task.stoppedReason, 'conformance says stop', 'the first reason stays');
  });

  it('ListTasks desiredStatus STOPPED lists it, the default (RUNNING) does not', async () => {
    const stopped = await listTasks({ desiredStatus: 'STOPPED' });
    assert.ok(stopped.includes(task.taskArn));
    const running = await listTasks({});
    assert.ok(!running.includes(task.taskArn));
  });

  it('StopTask of an unknown task is InvalidParameterException', async () => {
    await expectError(ecs.send(new StopTaskCommand({ cluster, task: '0123456789abcdef0123456789abcdef' })), 'InvalidParameterException');
  });
});

async function listTasks(input) {
  const arns = [];
  let nextToken;
  do {
    const out = await ecs.send(new ListTasksCommand({ cluster, ...input, nextToken }));
    if (input.maxResults) assert.ok(out.taskArns.length <= input.maxResults);
    arns.push(...out.taskArns);
    nextToken = out.nextToken;
  } while (nextToken);
  return arns;
}

describe('ListTasks', () => {
  it('paginates with maxResults=1', async () => {
    const out = await run({ count: 3, startedBy: 'conf-paging' });
    const mine = out.tasks.map((t) => t.taskArn).sort();
    const first = await ecs.send(new ListTasksCommand({ cluster, startedBy: 'conf-paging', maxResults: 1 }));
    assert.equal(first.taskArns.length, 1);
    assert.equal(typeof first.nextToken, 'string');
    const paged = await listTasks({ startedBy: 'conf-paging', maxResults: 1 });
    assert.deepEqual([...paged].sort(), mine);
  });

  it('an unknown cluster is ClusterNotFoundException', async () => {
    await expectError(ecs.send(new ListTasksCommand({ cluster: uniqueName('nosuch') })), 'ClusterNotFoundException');
  });

  it('an invalid desiredStatus is InvalidParameterException', async () => {
    await expectError(ecs.send(new ListTasksCommand({ cluster, desiredStatus: 'SLEEPING' })), 'InvalidParameterException');
  });
});

describe('DescribeTasks', () => {
  it('reports unknown task ids as MISSING failures', async () => {
    const { tasks: [t] } = await run({ startedBy: 'conf-describe' });
    const unknownId = '00000000000000000000000000000000';
    const out = await ecs.send(new DescribeTasksCommand({ cluster, tasks: [t.taskArn, unknownId] }));
    assert.deepEqual(out.tasks.map((x) => x.taskArn), [t.taskArn]);
    assert.equal(out.failures.length, 1);
    assert.equal(out.failures[0].reason, 'MISSING');
    assert.ok(out.failures[0].arn.endsWith(unknownId), `failure arn ${out.failures[0].arn}`);
  });

  it('describes by task id as well as by ARN', async () => {
    const { tasks: [t] } = await run({ startedBy: 'conf-describe' });
    const out = await ecs.send(new DescribeTasksCommand({ cluster, tasks: [taskId(t.taskArn)] }));
    assert.equal(out.tasks[0].taskArn, t.taskArn);
  });

  it('more than 100 tasks is InvalidParameterException', async () => {
    const ids = Array.from({ length: 101 }, (_, i) => i.toString(16).padStart(32, '0'));
    await expectError(ecs.send(new DescribeTasksCommand({ cluster, tasks: ids })), 'InvalidParameterException');
  });

  it('an empty task list is InvalidParameterException', async () => {
    await expectError(ecs.send(new DescribeTasksCommand({ cluster, tasks: [] })), 'InvalidParameterException');
  });
});

describe('stopping early', () => {
  it('a task stopped right after RunTask reaches STOPPED with UserInitiated', async () => {
    const { tasks: [t] } = await run({ startedBy: 'conf-early' });
    const out = await ecs.send(new StopTaskCommand({ cluster, task: t.taskArn, reason: 'changed my mind' }));
    assert.equal(out.task.desiredStatus, 'STOPPED');
    const stopped = await waitForTaskStatus(cluster, t.taskArn, 'STOPPED', 60_000);
    assert.equal(stopped.stopCode, 'UserInitiated');
    assert.equal(stopped.stoppedReason, 'changed my mind');
    assert.ok(stopped.stoppedAt instanceof Date && stopped.stoppingAt instanceof Date);
    assert.ok(stopped.createdAt <= stopped.stoppingAt && stopped.stoppingAt <= stopped.stoppedAt);
  });

  it('DescribeTasks of a task of another cluster is MISSING', async () => {
    const other = res.cluster(uniqueName('other'));
    await ecs.send(new CreateClusterCommand({ clusterName: other }));
    const { tasks: [t] } = await run({ startedBy: 'conf-other-cluster' });
    const out = await ecs.send(new DescribeTasksCommand({ cluster: other, tasks: [t.taskArn] }));
    assert.deepEqual(out.tasks, []);
    assert.equal(out.failures[0].reason, 'MISSING');
    await expectError(ecs.send(new StopTaskCommand({ cluster: other, task: t.taskArn })), 'InvalidParameterException');
  });
});

describe('task features', () => {
  it('containers of a task share localhost; a non-essential container exiting 0 leaves the task RUNNING', async () => {
    const { tasks: [t] } = await run({ taskDefinition: multiFamily });
    assert.deepEqual(t.containers.map((c) => c.name).sort(), ['probe', 'web']);
    await waitForTaskStatus(cluster, t.taskArn, 'RUNNING');
    const done = await waitFor(async () => {
      const d = await describeTask(cluster, t.taskArn);
      const probe = d.containers.find((c) => c.name === 'probe');
      return probe.lastStatus === 'STOPPED' ? d : undefined;
    }, 60_000);
    const probe = done.containers.find((c) => c.name === 'probe');
    assert.equal(probe.exitCode, 0, 'the probe reached the web container on 127.0.0.1:8080');
    assert.equal(done.lastStatus, 'RUNNING', 'a non-essential container exiting does not stop the task');
    assert.equal(done.containers.find((c) => c.name === 'web').lastStatus, 'RUNNING');
    const logStreamName = `${streamPrefix}/probe/${taskId(t.taskArn)}`;
    await waitFor(async () => {
      const out = await logs.send(new GetLogEventsCommand({ logGroupName: logGroup, logStreamName, startFromHead: true }));
      return out.events.some((e) => e.message.includes('reach-ok'));
    }, 15_000);
    await ecs.send(new StopTaskCommand({ cluster, task: t.taskArn }));
  });

  it('task-level cpu and memory overrides size the task', async () => {
    const { tasks: [t] } = await run({ overrides: { cpu: '512', memory: '1024' } });
    assert.equal(t.cpu, '512');
    assert.equal(t.memory, '1024');
    assert.equal(t.overrides.cpu, '512');
    assert.equal(t.overrides.memory, '1024');
  });

  it('a passing container health check makes the container and the task HEALTHY', async () => {
    const { tasks: [t] } = await run({ taskDefinition: healthyFamily });
    const d = await waitFor(async () => {
      const x = await describeTask(cluster, t.taskArn);
      return x.healthStatus === 'HEALTHY' ? x : undefined;
    }, 60_000);
    assert.equal(d.containers[0].healthStatus, 'HEALTHY');
  });

  it('a failing container health check makes the container and the task UNHEALTHY', async () => {
    const { tasks: [t] } = await run({ taskDefinition: unhealthyFamily });
    const d = await waitFor(async () => {
      const x = await describeTask(cluster, t.taskArn);
      return x.containers[0].healthStatus === 'UNHEALTHY' ? x : undefined;
    }, 60_000);
    assert.equal(d.healthStatus, 'UNHEALTHY');
  });

  it('a container that ignores SIGTERM is killed after stopTimeout (exit 137)', async () => {
    const { tasks: [t] } = await run({ taskDefinition: stubbornFamily });
    await waitForTaskStatus(cluster, t.taskArn, 'RUNNING');
    const begin = Date.now();
    await ecs.send(new StopTaskCommand({ cluster, task: t.taskArn }));
    const stopped = await waitForTaskStatus(cluster, t.taskArn, 'STOPPED', 30_000);
    assert.ok(Date.now() - begin < 20_000, 'stopTimeout 2 bounds the stop');
    assert.equal(stopped.containers[0].exitCode, 137);
    assert.equal(stopped.stopCode, 'UserInitiated');
    assert.equal(stopped.stoppedReason, 'Task stopped by user', 'the default reason');
  });
});

describe('tasks that fail', () => {
  it('an essential container exiting 3 stops the task with EssentialContainerExited and exitCode 3', async () => {
    const { tasks: [t] } = await run({ taskDefinition: exitFamily });
    const stopped = await waitForTaskStatus(cluster, t.taskArn, 'STOPPED', 90_000);
    assert.equal(stopped.stopCode, 'EssentialContainerExited');
    assert.equal(stopped.desiredStatus, 'STOPPED');
    assert.equal(stopped.containers[0].exitCode, 3);
    assert.equal(stopped.containers[0].lastStatus, 'STOPPED');
    assert.match(stopped.stoppedReason ?? '', /Essential container in task exited/);
    // The output of a container that exits at once still reaches its awslogs stream.
    const logStreamName = `exit/app/${taskId(t.taskArn)}`;
    const messages = await waitFor(async () => {
      const out = await logs.send(new GetLogEventsCommand({ logGroupName: logGroup, logStreamName, startFromHead: true }));
      return out.events.length > 0 ? out.events.map((e) => e.message) : undefined;
    }, 15_000);
    assert.deepEqual(messages, ['about to fail']);
  });

  it('an image that cannot be pulled stops the task with TaskFailedToStart / CannotPullContainerError', async () => {
    const { tasks: [t] } = await run({ taskDefinition: missingImageFamily });
    const stopped = await waitForTaskStatus(cluster, t.taskArn, 'STOPPED', 120_000);
    assert.equal(stopped.stopCode, 'TaskFailedToStart');
    assert.ok(stopped.stoppedReason?.startsWith('CannotPullContainerError:'), `stoppedReason: ${stopped.stoppedReason}`);
    assert.equal(stopped.desiredStatus, 'STOPPED');
  });
});

describe('cluster counters and deletion with tasks', () => {
  const name = uniqueName('busy');
  let arn;

  it('DescribeClusters counts the running task', async () => {
    res.cluster(name);
    await ecs.send(new CreateClusterCommand({ clusterName: name }));
    const out = await ecs.send(new RunTaskCommand({ cluster: name, taskDefinition: family }));
    arn = res.task(name, out.tasks[0].taskArn);
    const during = await ecs.send(new DescribeClustersCommand({ clusters: [name] }));
    assert.equal(during.clusters[0].runningTasksCount + during.clusters[0].pendingTasksCount, 1, 'the new task counts as pending or running');
    await waitForTaskStatus(name, arn, 'RUNNING');
    const d = await ecs.send(new DescribeClustersCommand({ clusters: [name], include: ['STATISTICS'] }));
    const c = d.clusters[0];
    assert.equal(c.runningTasksCount, 1);
    assert.equal(c.pendingTasksCount, 0);
    const stats = Object.fromEntries(c.statistics.map((s) => [s.name, s.value]));
    assert.equal(stats.runningFargateTasksCount, '1');
  });

  it('DeleteCluster with a running task is ClusterContainsTasksException', async () => {
    await expectError(ecs.send(new DeleteClusterCommand({ cluster: name })), 'ClusterContainsTasksException');
  });

  it('once the task has stopped the counters drop and the cluster can be deleted', async () => {
    await ecs.send(new StopTaskCommand({ cluster: name, task: arn }));
    const t = await waitForTaskStatus(name, arn, 'STOPPED', 60_000);
    assert.equal(t.stopCode, 'UserInitiated');
    const d = await ecs.send(new DescribeClustersCommand({ clusters: [name] }));
    assert.equal(d.clusters[0].runningTasksCount, 0);
    assert.equal(d.clusters[0].pendingTasksCount, 0);
    const del = await waitFor(async () => (await ecs.send(new DeleteClusterCommand({ cluster: name }))).cluster, 30_000);
    assert.equal(del.status, 'INACTIVE');
  });
});
