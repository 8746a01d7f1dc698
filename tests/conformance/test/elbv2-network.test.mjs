// Load balancers in VPCs: subnets and security groups resolved against EC2's networks, the load balancer's interface,
// SetSecurityGroups and SetSubnets — through @aws-sdk/client-elastic-load-balancing-v2 and the AWS CLI v2
// (`aws elbv2 set-security-groups`, `aws ec2 create-security-group`, `aws ec2 describe-network-interfaces`).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { after, describe, it } from 'node:test';

import {
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DeleteLoadBalancerCommand,
  DeleteTargetGroupCommand,
  DescribeLoadBalancersCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  RegisterTargetsCommand,
  SetSecurityGroupsCommand,
  SetSubnetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';

import { AWS_CLI, cli, cliEnv, cliFails, endpoint, expectError, runId, sdkClient, serverErrors } from '../lib/berth.mjs';

const elb = sdkClient(ElasticLoadBalancingV2Client);

const T = { timeout: 60_000 };
let counter = 0;
const name = (prefix) => `${prefix}-${runId.slice(-10)}-${++counter}`.slice(0, 32);
const created = { loadBalancers: [], targetGroups: [], groups: [] };

after(async () => {
  for (const arn of created.loadBalancers) await elb.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: arn })).catch(() => {});
  for (const arn of created.targetGroups) await elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: arn })).catch(() => {});
  // The groups go once no interface holds them (the load balancers' were deleted with them).
  for (const id of created.groups) spawnSync(AWS_CLI, ['ec2', 'delete-security-group', '--group-id', id, '--endpoint-url', endpoint], { env: cliEnv });
  assert.deepEqual(serverErrors, [], 'no request may yield a 5xx');
});

describe('load balancers in VPCs', () => {
  const s = {};

  it('CreateLoadBalancer with the default VPC\'s subnets: its VPC, zones, default group and an amazon-elb interface', T, async () => {
    const lb = (await elb.send(new CreateLoadBalancerCommand({ Name: name('net') }))).LoadBalancers[0];
    created.loadBalancers.push(lb.LoadBalancerArn);
    s.lb = lb;
    const vpc = cli('ec2', 'describe-vpcs', '--vpc-ids', lb.VpcId).Vpcs[0];
    assert.equal(vpc.IsDefault, true);
    const subnets = cli('ec2', 'describe-subnets', '--subnet-ids', ...lb.AvailabilityZones.map((z) => z.SubnetId)).Subnets;
    for (const z of lb.AvailabilityZones) {
      const subnet = subnets.find((x) => x.SubnetId === z.SubnetId);
      assert.equal(subnet.VpcId, lb.VpcId);
      assert.equal(subnet.AvailabilityZone, z.ZoneName);
    }
    const groups = cli('ec2', 'describe-security-groups', '--group-ids', ...lb.SecurityGroups).SecurityGroups;
    assert.equal(groups[0].GroupName, 'default');
    assert.equal(groups[0].VpcId, lb.VpcId);

    const id = lb.LoadBalancerArn.split(':loadbalancer/')[1];
    const enis = cli('ec2', 'describe-network-interfaces', '--filters', `Name=description,Values=ELB ${id}`).NetworkInterfaces;
    assert.equal(enis.length, 1);
    assert.equal(enis[0].RequesterId, 'amazon-elb');
    assert.equal(enis[0].VpcId, lb.VpcId);
    assert.deepEqual(enis[0].Groups.map((g) => g.GroupId), lb.SecurityGroups);
    assert.ok(lb.AvailabilityZones.some((z) => z.SubnetId === enis[0].SubnetId));
    s.eni = enis[0];
  });

  it('aws elbv2 set-security-groups puts a group of the VPC on the load balancer and its interface', T, async () => {
    const group = cli('ec2', 'create-security-group', '--group-name', name('alb'), '--description', 'the load balancer', '--vpc-id', s.lb.VpcId).GroupId;
    created.groups.push(group);
    const out = cli('elbv2', 'set-security-groups', '--load-balancer-arn', s.lb.LoadBalancerArn, '--security-groups', group);
    assert.deepEqual(out.SecurityGroupIds, [group]);

    const described = (await elb.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [s.lb.LoadBalancerArn] }))).LoadBalancers[0];
    assert.deepEqual(described.SecurityGroups, [group]);
    const eni = cli('ec2', 'describe-network-interfaces', '--network-interface-ids', s.eni.NetworkInterfaceId).NetworkInterfaces[0];
    assert.deepEqual(eni.Groups.map((g) => g.GroupId), [group]);
    assert.equal(eni.PrivateIpAddress, s.eni.PrivateIpAddress);

    cliFails('InvalidSecurityGroup', 'elbv2', 'set-security-groups', '--load-balancer-arn', s.lb.LoadBalancerArn, '--security-groups', 'sg-0000000000000dead');
    cliFails('LoadBalancerNotFound', 'elbv2', 'set-security-groups', '--load-balancer-arn', s.lb.LoadBalancerArn.replace(/\/[0-9a-f]+$/, '/0123456789abcdef'), '--security-groups', group);
    assert.deepEqual((await elb.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [s.lb.LoadBalancerArn] }))).LoadBalancers[0].SecurityGroups, [group]);
  });

  it('SetSecurityGroups (SDK) refuses unknown groups, none at all and the NLB-only member', T, async () => {
    await expectError(elb.send(new SetSecurityGroupsCommand({ LoadBalancerArn: s.lb.LoadBalancerArn, SecurityGroups: ['sg-0000000000000beef'] })), 'InvalidSecurityGroupException');
    await expectError(elb.send(new SetSecurityGroupsCommand({ LoadBalancerArn: s.lb.LoadBalancerArn, SecurityGroups: [] })), 'InvalidConfigurationRequestException');
    await expectError(elb.send(new SetSecurityGroupsCommand({
      LoadBalancerArn: s.lb.LoadBalancerArn, SecurityGroups: s.lb.SecurityGroups, EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic: 'on',
    })), 'InvalidConfigurationRequestException');
  });

  it('SetSubnets moves the load balancer among its VPC\'s subnets; unknown subnets are refused', T, async () => {
    const first = s.lb.AvailabilityZones[0];
    const out = await elb.send(new SetSubnetsCommand({ LoadBalancerArn: s.lb.LoadBalancerArn, Subnets: [first.SubnetId] }));
    assert.deepEqual(out.AvailabilityZones.map((z) => [z.ZoneName, z.SubnetId]), [[first.ZoneName, first.SubnetId]]);
    assert.equal(out.IpAddressType, 'ipv4');
    const described = (await elb.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [s.lb.LoadBalancerArn] }))).LoadBalancers[0];
    assert.deepEqual(described.AvailabilityZones.map((z) => z.SubnetId), [first.SubnetId]);

    await expectError(elb.send(new SetSubnetsCommand({ LoadBalancerArn: s.lb.LoadBalancerArn, Subnets: ['subnet-0000000000000dead'] })), 'SubnetNotFoundException');
    await expectError(elb.send(new SetSubnetsCommand({ LoadBalancerArn: s.lb.LoadBalancerArn })), 'ValidationError');
    await expectError(elb.send(new SetSubnetsCommand({
      LoadBalancerArn: s.lb.LoadBalancerArn, SubnetMappings: [{ SubnetId: first.SubnetId, AllocationId: 'eipalloc-1' }],
    })), 'InvalidConfigurationRequestException');
  });

  it('CreateLoadBalancer refuses unknown subnets and groups, and changes nothing', T, async () => {
    const n = name('bad');
    await expectError(elb.send(new CreateLoadBalancerCommand({ Name: n, Subnets: ['subnet-0000000000000dead'] })), 'SubnetNotFoundException');
    await expectError(elb.send(new CreateLoadBalancerCommand({ Name: n, SecurityGroups: ['sg-0000000000000dead'] })), 'InvalidSecurityGroupException');
    await expectError(elb.send(new DescribeLoadBalancersCommand({ Names: [n] })), 'LoadBalancerNotFoundException');
  });

  it('target groups: an unknown VPC is refused, public addresses cannot be targets', T, async () => {
    await expectError(elb.send(new CreateTargetGroupCommand({ Name: name('tg'), Protocol: 'HTTP', Port: 80, TargetType: 'ip', VpcId: 'vpc-0000000000000dead' })), 'ValidationError');
    const tg = (await elb.send(new CreateTargetGroupCommand({ Name: name('tg'), Protocol: 'HTTP', Port: 80, TargetType: 'ip', VpcId: s.lb.VpcId }))).TargetGroups[0];
    created.targetGroups.push(tg.TargetGroupArn);
    assert.equal(tg.VpcId, s.lb.VpcId);
    await expectError(elb.send(new RegisterTargetsCommand({ TargetGroupArn: tg.TargetGroupArn, Targets: [{ Id: '8.8.8.8' }] })), 'InvalidTargetException');
    await elb.send(new RegisterTargetsCommand({ TargetGroupArn: tg.TargetGroupArn, Targets: [{ Id: '192.168.77.7' }] }));
  });

  it('an ip target\'s Availability Zone: detected from its subnet in the VPC; outside it only "all"', T, async () => {
    const tg = (await elb.send(new CreateTargetGroupCommand({ Name: name('tg'), Protocol: 'HTTP', Port: 80, TargetType: 'ip', VpcId: s.lb.VpcId }))).TargetGroups[0];
    created.targetGroups.push(tg.TargetGroupArn);
    const subnet = cli('ec2', 'describe-subnets', '--subnet-ids', s.lb.AvailabilityZones[0].SubnetId).Subnets[0];
    const inside = subnet.CidrBlock.replace(/\.0\/\d+$/, '.200'); // the subnets are /20s from x.y.z.0
    await expectError(elb.send(new RegisterTargetsCommand({ TargetGroupArn: tg.TargetGroupArn, Targets: [{ Id: inside, AvailabilityZone: 'us-east-1z' }] })), 'ValidationError');
    await expectError(elb.send(new RegisterTargetsCommand({ TargetGroupArn: tg.TargetGroupArn, Targets: [{ Id: '192.168.77.8', AvailabilityZone: subnet.AvailabilityZone }] })), 'ValidationError');
    await elb.send(new RegisterTargetsCommand({ TargetGroupArn: tg.TargetGroupArn, Targets: [{ Id: inside }, { Id: '192.168.77.8', AvailabilityZone: 'all' }, { Id: '192.168.77.9' }] }));
    const zones = Object.fromEntries((await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: tg.TargetGroupArn }))).TargetHealthDescriptions
      .map((d) => [d.Target.Id, d.Target.AvailabilityZone ?? null]));
    assert.deepEqual(zones, { [inside]: subnet.AvailabilityZone, '192.168.77.8': 'all', '192.168.77.9': null });
  });

  it('DeleteLoadBalancer removes its interface', T, async () => {
    await elb.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: s.lb.LoadBalancerArn }));
    const r = spawnSync(AWS_CLI, ['ec2', 'describe-network-interfaces', '--network-interface-ids', s.eni.NetworkInterfaceId, '--endpoint-url', endpoint], { env: cliEnv, encoding: 'utf8' });
    assert.equal(r.status, 254);
    assert.match(r.stderr, /InvalidNetworkInterfaceID\.NotFound/);
  });
});
