// ECS task definitions: Register, Describe, List, ListFamilies, Deregister, Delete.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';

import {
  DeleteTaskDefinitionsCommand,
  DeregisterTaskDefinitionCommand,
  DescribeTaskDefinitionCommand,
  ListTaskDefinitionFamiliesCommand,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';

import { IMAGE, Resources, assertNoServerErrors, ecs, expectError, fargateTaskDefinition, region, uniqueName } from '../lib/berth.mjs';

const res = new Resources();
after(async () => {
  await res.cleanup();
  assertNoServerErrors();
});

async function register(input) {
  const out = await ecs.send(new RegisterTaskDefinitionCommand(input));
  res.taskDefinition(out.taskDefinition.taskDefinitionArn);
  return out;
}

const tdArnPattern = (family, revision) => new RegExp(`^arn:aws:ecs:${region}:\\d{12}:task-definition/${family}:${revision}$`);

async function listAll(Command, input, key) {
  const items = [];
  let nextToken;
  do {
    const out = await ecs.send(new Command({ ...input, nextToken }));
    if (input.maxResults) assert.ok(out[key].length <= input.maxResults);
    items.push(...out[key]);
    nextToken = out.nextToken;
  } while (nextToken);
  return items;
}

describe('RegisterTaskDefinition', () => {
  it('registers revision 1, then 2, of a family', async () => {
    const family = uniqueName('td');
    const first = await register(fargateTaskDefinition(family));
    const td = first.taskDefinition;
    assert.equal(td.family, family);
    assert.equal(td.revision, 1);
    assert.match(td.taskDefinitionArn, tdArnPattern(family, 1));
    assert.equal(td.status, 'ACTIVE');
    assert.equal(td.networkMode, 'awsvpc');
    assert.deepEqual(td.requiresCompatibilities, ['FARGATE']);
    assert.ok(td.compatibilities.includes('FARGATE'), 'compatibilities include FARGATE');
    assert.equal(td.cpu, '256');
    assert.equal(td.memory, '512');
    assert.ok(td.registeredAt instanceof Date && !Number.isNaN(td.registeredAt.getTime()), 'registeredAt is a timestamp');
    assert.equal(td.containerDefinitions.length, 1);
    assert.equal(td.containerDefinitions[0].name, 'app');
    assert.equal(td.containerDefinitions[0].image, IMAGE);
    assert.equal(td.containerDefinitions[0].essential, true);

    const second = await register(fargateTaskDefinition(family));
    assert.equal(second.taskDefinition.revision, 2);
    assert.match(second.taskDefinition.taskDefinitionArn, tdArnPattern(family, 2));
  });

  it('concurrent registrations of one family get distinct consecutive revisions', async () => {
    const family = uniqueName('race');
    const outs = await Promise.all(Array.from({ length: 5 }, () => register(fargateTaskDefinition(family))));
    assert.deepEqual(outs.map((o) => o.taskDefinition.revision).sort((a, b) => a - b), [1, 2, 3, 4, 5]);
    const listed = await ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: family }));
    assert.equal(listed.taskDefinitionArns.length, 5);
  });

  it('normalises "1 vCPU" / "2 GB" to "1024" / "2048"', async () => {
    const out = await register(fargateTaskDefinition(uniqueName('units'), {}, { cpu: '1 vCPU', memory: '2 GB' }));
    assert.equal(out.taskDefinition.cpu, '1024');
    assert.equal(out.taskDefinition.memory, '2048');
  });

  it('returns tags given at registration', async () => {
    const tags = [{ key: 'owner', value: 'conformance' }];
    const out = await register(fargateTaskDefinition(uniqueName('tagged'), {}, { tags }));
    assert.deepEqual(out.tags, tags);
  });

  it('fills healthCheck defaults (interval 30, timeout 5, retries 3)', async () => {
    const out = await register(fargateTaskDefinition(uniqueName('health'), { healthCheck: { command: ['CMD-SHELL', 'true'] } }));
    const hc = out.taskDefinition.containerDefinitions[0].healthCheck;
    assert.deepEqual(hc.command, ['CMD-SHELL', 'true']);
    assert.equal(hc.interval, 30);
    assert.equal(hc.timeout, 5);
    assert.equal(hc.retries, 3);
  });

  it('rejects a task size Fargate does not offer with ClientException "No Fargate configuration exists"', async () => {
    await expectError(
      ecs.send(new RegisterTaskDefinitionCommand(fargateTaskDefinition(uniqueName('badsize'), {}, { cpu: '256', memory: '4096' }))),
      'ClientException',
      { message: 'No Fargate configuration exists' },
    );
  });

  it('rejects a Fargate task definition without task-level cpu and memory', async () => {
    const input = fargateTaskDefinition(uniqueName('nosize'));
    delete input.cpu;
    delete input.memory;
    await expectError(ecs.send(new RegisterTaskDefinitionCommand(input)), 'ClientException');
  });

  it('rejects a task definition without an essential container', async () => {
    await expectError(
      ecs.send(new RegisterTaskDefinitionCommand(fargateTaskDefinition(uniqueName('noess'), { essential: false }))),
      'ClientException',
    );
  });

  it('rejects a dependsOn naming a container that does not exist', async () => {
    await expectError(
      ecs.send(new RegisterTaskDefinitionCommand(fargateTaskDefinition(uniqueName('deps'), {
        dependsOn: [{ containerName: 'ghost', condition: 'START' }],
      }))),
      'ClientException',
    );
  });

  it('rejects hostPort different from containerPort in awsvpc mode', async () => {
    await expectError(
      ecs.send(new RegisterTaskDefinitionCommand(fargateTaskDefinition(uniqueName('ports'), {
        portMappings: [{ containerPort: 80, hostPort: 8080, protocol: 'tcp' }],
      }))),
      'ClientException',
    );
  });

  it('accepts hostPort equal to containerPort and echoes the mapping', async () => {
    const out = await register(fargateTaskDefinition(uniqueName('portsok'), { portMappings: [{ containerPort: 8080, hostPort: 8080, protocol: 'tcp' }] }));
    const [pm] = out.taskDefinition.containerDefinitions[0].portMappings;
    assert.equal(pm.containerPort, 8080);
    assert.equal(pm.hostPort, 8080);
    assert.equal(pm.protocol, 'tcp');
  });

  it('rejects stopTimeout 121 (Fargate allows at most 120)', async () => {
    await expectError(
      ecs.send(new RegisterTaskDefinitionCommand(fargateTaskDefinition(uniqueName('stop'), { stopTimeout: 121 }))),
      'ClientException',
    );
  });

  it('rejects awslogs without awslogs-stream-prefix on Fargate', async () => {
    await expectError(
      ecs.send(new RegisterTaskDefinitionCommand(fargateTaskDefinition(uniqueName('awslogs'), {
        logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/conf/x', 'awslogs-region': region } },
      }))),
      'ClientException',
    );
  });

  it('rejects two containers with the same name', async () => {
    const input = fargateTaskDefinition(uniqueName('dupname'));
    input.containerDefinitions.push({ ...input.containerDefinitions[0] });
    await expectError(ecs.send(new RegisterTaskDefinitionCommand(input)), 'ClientException');
  });
});

describe('DescribeTaskDefinition', () => {
  const family = uniqueName('describe');
  const arns = [];
  const tags = [{ key: 'purpose', value: 'describe' }];

  it('setup: two revisions', async () => {
    arns.push((await register(fargateTaskDefinition(family, { command: ['sh', '-c', 'echo one'] }, { tags }))).taskDefinition.taskDefinitionArn);
    arns.push((await register(fargateTaskDefinition(family, { command: ['sh', '-c', 'echo two'] }, { tags }))).taskDefinition.taskDefinitionArn);
  });

  it('by family alone returns the latest ACTIVE revision', async () => {
    const out = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: family }));
    assert.equal(out.taskDefinition.revision, 2);
    assert.equal(out.taskDefinition.taskDefinitionArn, arns[1]);
    assert.deepEqual(out.taskDefinition.containerDefinitions[0].command, ['sh', '-c', 'echo two']);
  });

  it('by family:revision', async () => {
    const out = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: `${family}:1` }));
    assert.equal(out.taskDefinition.revision, 1);
    assert.deepEqual(out.taskDefinition.containerDefinitions[0].command, ['sh', '-c', 'echo one']);
  });

  it('by ARN', async () => {
    const out = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arns[0] }));
    assert.equal(out.taskDefinition.taskDefinitionArn, arns[0]);
    assert.equal(out.taskDefinition.family, family);
  });

  it('include TAGS returns the tags; without it none', async () => {
    const withTags = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arns[1], include: ['TAGS'] }));
    assert.deepEqual(withTags.tags, tags);
    const without = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arns[1] }));
    assert.equal(without.tags?.length ?? 0, 0);
  });

  it('an unknown family is ClientException', async () => {
    await expectError(ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: uniqueName('nosuch') })), 'ClientException');
  });

  it('an unknown revision is ClientException', async () => {
    await expectError(ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: `${family}:99` })), 'ClientException');
  });
});

describe('ListTaskDefinitions', () => {
  const family = uniqueName('list');
  const longer = `${family}x`; // a family whose name starts with the first one
  const arns = [];

  it('setup: three revisions of one family, one of a longer family, revision 1 deregistered', async () => {
    for (let i = 0; i < 3; i++) arns.push((await register(fargateTaskDefinition(family))).taskDefinition.taskDefinitionArn);
    await register(fargateTaskDefinition(longer));
    const out = await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: arns[0] }));
    assert.equal(out.taskDefinition.status, 'INACTIVE');
  });

  it('familyPrefix matches the exact family, ACTIVE by default, ascending', async () => {
    const out = await ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: family }));
    assert.deepEqual(out.taskDefinitionArns, [arns[1], arns[2]]);
  });

  it('status INACTIVE lists the deregistered revision', async () => {
    const out = await ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: family, status: 'INACTIVE' }));
    assert.deepEqual(out.taskDefinitionArns, [arns[0]]);
  });

  it('sort DESC lists the newest revision first', async () => {
    const out = await ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: family, sort: 'DESC' }));
    assert.deepEqual(out.taskDefinitionArns, [arns[2], arns[1]]);
  });

  it('paginates with maxResults=1 and nextToken', async () => {
    const first = await ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: family, maxResults: 1 }));
    assert.deepEqual(first.taskDefinitionArns, [arns[1]]);
    assert.equal(typeof first.nextToken, 'string');
    const second = await ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: family, maxResults: 1, nextToken: first.nextToken }));
    assert.deepEqual(second.taskDefinitionArns, [arns[2]]);
    const all = await listAll(ListTaskDefinitionsCommand, { familyPrefix: family, maxResults: 1 }, 'taskDefinitionArns');
    assert.deepEqual(all, [arns[1], arns[2]]);
  });

  it('without familyPrefix lists ours among all', async () => {
    const all = await listAll(ListTaskDefinitionsCommand, {}, 'taskDefinitionArns');
    assert.ok(all.includes(arns[1]) && all.includes(arns[2]));
    assert.ok(!all.includes(arns[0]), 'INACTIVE revision not listed by default');
  });

  it('a bad nextToken is InvalidParameterException', async () => {
    await expectError(ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: family, nextToken: 'garbage' })), 'InvalidParameterException');
  });
});

describe('ListTaskDefinitionFamilies', () => {
  const prefix = uniqueName('fam');
  const active = `${prefix}-active`;
  const inactive = `${prefix}-inactive`;

  it('setup: one family with an ACTIVE revision, one with only INACTIVE revisions', async () => {
    await register(fargateTaskDefinition(active));
    const gone = await register(fargateTaskDefinition(inactive));
    await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: gone.taskDefinition.taskDefinitionArn }));
  });

  it('status ACTIVE lists only families with an ACTIVE revision', async () => {
    const out = await listAll(ListTaskDefinitionFamiliesCommand, { familyPrefix: prefix, status: 'ACTIVE' }, 'families');
    assert.deepEqual(out, [active]);
  });

  it('status INACTIVE lists only families with no ACTIVE revision', async () => {
    const out = await listAll(ListTaskDefinitionFamiliesCommand, { familyPrefix: prefix, status: 'INACTIVE' }, 'families');
    assert.deepEqual(out, [inactive]);
  });

  it('status ALL lists both', async () => {
    const out = await listAll(ListTaskDefinitionFamiliesCommand, { familyPrefix: prefix, status: 'ALL' }, 'families');
    assert.deepEqual(out.sort(), [active, inactive].sort());
  });

  it('familyPrefix is a real prefix and paginates', async () => {
    const paged = await listAll(ListTaskDefinitionFamiliesCommand, { familyPrefix: prefix, status: 'ALL', maxResults: 1 }, 'families');
    assert.deepEqual(paged.sort(), [active, inactive].sort());
    const none = await ecs.send(new ListTaskDefinitionFamiliesCommand({ familyPrefix: `${prefix}-zzz` }));
    assert.deepEqual(none.families, []);
  });
});

describe('DeregisterTaskDefinition and DeleteTaskDefinitions', () => {
  const family = uniqueName('dereg');
  let arn1;
  let arn2;

  it('deregistering makes the revision INACTIVE with deregisteredAt', async () => {
    arn1 = (await register(fargateTaskDefinition(family))).taskDefinition.taskDefinitionArn;
    arn2 = (await register(fargateTaskDefinition(family))).taskDefinition.taskDefinitionArn;
    const out = await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: arn1 }));
    assert.equal(out.taskDefinition.taskDefinitionArn, arn1);
    assert.equal(out.taskDefinition.status, 'INACTIVE');
    assert.ok(out.taskDefinition.deregisteredAt instanceof Date, 'deregisteredAt set');
    const described = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn1 }));
    assert.equal(described.taskDefinition.status, 'INACTIVE', 'an INACTIVE revision stays describable by ARN');
  });

  it('a family without a revision is ClientException', async () => {
    await expectError(ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: family })), 'ClientException');
  });

  it('an unknown revision is ClientException', async () => {
    await expectError(ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: `${family}:77` })), 'ClientException');
  });

  it('deleting an ACTIVE revision is a failure; an INACTIVE one goes DELETE_IN_PROGRESS', async () => {
    const out = await ecs.send(new DeleteTaskDefinitionsCommand({ taskDefinitions: [arn1, arn2] }));
    assert.equal(out.taskDefinitions.length, 1);
    assert.equal(out.taskDefinitions[0].taskDefinitionArn, arn1);
    assert.equal(out.taskDefinitions[0].status, 'DELETE_IN_PROGRESS');
    assert.equal(out.failures.length, 1);
    assert.equal(out.failures[0].arn, arn2);
    assert.equal(typeof out.failures[0].reason, 'string');
    assert.ok(out.failures[0].reason.length > 0);
  });

  it('a revision being deleted is not listed as INACTIVE any more', async () => {
    const out = await ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: family, status: 'INACTIVE' }));
    assert.ok(!out.taskDefinitionArns.includes(arn1));
  });
});
