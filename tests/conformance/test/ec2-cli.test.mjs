// EC2 through the AWS CLI v2 (/usr/bin/aws, botocore's own parser): every answer parses, including EC2's error document
// ("An error occurred (InvalidGroup.NotFound) ..."), for the calls a user types when opening a port to a load balancer.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { after, describe, it } from 'node:test';

import { AWS_CLI, cli, cliEnv, cliFails, endpoint, uniqueName } from '../lib/berth.mjs';

/** `aws ec2 ...` and its expected failures. */
const ec2 = (...args) => cli('ec2', ...args);
const ec2Fails = (code, ...args) => cliFails(code, 'ec2', ...args);

const groups = [];
after(() => {
  for (const id of groups.reverse()) spawnSync(AWS_CLI, ['ec2', 'delete-security-group', '--group-id', id, '--endpoint-url', endpoint], { env: cliEnv });
});

describe('aws ec2 (CLI v2)', () => {
  it('is a CLI v2 that can be run', () => {
    const version = execFileSync(AWS_CLI, ['--version'], { env: cliEnv, encoding: 'utf8' });
    assert.match(version, /^aws-cli\/2\./);
  });

  it('describes the default VPC, its subnets and zones', () => {
    const vpcs = ec2('describe-vpcs', '--filters', 'Name=isDefault,Values=true').Vpcs;
    assert.equal(vpcs[0].VpcId, 'vpc-0b3e7a1f00000000a');
    const subnets = ec2('describe-subnets', '--filters', 'Name=default-for-az,Values=true', 'Name=vpc-id,Values=vpc-0b3e7a1f00000000a').Subnets;
    assert.equal(subnets.length, 3);
    const zones = ec2('describe-availability-zones').AvailabilityZones.map((z) => z.ZoneName);
    assert.deepEqual(zones, ['us-east-1a', 'us-east-1b', 'us-east-1c']);
    const attrs = ec2('describe-account-attributes').AccountAttributes.map((a) => a.AttributeName);
    assert.ok(attrs.includes('default-vpc'));
    assert.deepEqual(ec2('describe-network-interfaces', '--filters', 'Name=subnet-id,Values=subnet-00000000000000000').NetworkInterfaces, []);
  });

  it('opens port 80 to a load balancer group and closes it again, as the tutorial does', () => {
    const lb = ec2('create-security-group', '--group-name', uniqueName('cli-lb'), '--description', 'ALB').GroupId;
    groups.push(lb);
    const web = ec2('create-security-group', '--group-name', uniqueName('cli-web'), '--description', 'tasks',
      '--tag-specifications', 'ResourceType=security-group,Tags=[{Key=app,Value=flask}]').GroupId;
    groups.push(web);

    const added = ec2('authorize-security-group-ingress', '--group-id', web, '--protocol', 'tcp', '--port', '80', '--source-group', lb);
    assert.equal(added.Return, true);
    ec2('authorize-security-group-ingress', '--group-id', lb, '--protocol', 'tcp', '--port', '80', '--cidr', '0.0.0.0/0');
    const g = ec2('describe-security-groups', '--group-ids', web).SecurityGroups[0];
    assert.deepEqual(g.IpPermissions.map((p) => [p.IpProtocol, p.FromPort, p.ToPort, p.UserIdGroupPairs[0].GroupId]), [['tcp', 80, 80, lb]]);
    assert.deepEqual(g.Tags, [{ Key: 'app', Value: 'flask' }]);

    const stderr = ec2Fails('InvalidPermission.Duplicate', 'authorize-security-group-ingress', '--group-id', web, '--protocol', 'tcp', '--port', '80', '--source-group', lb);
    assert.match(stderr, /already exists/);
    ec2Fails('DependencyViolation', 'delete-security-group', '--group-id', lb);
    ec2('revoke-security-group-ingress', '--group-id', web, '--protocol', 'tcp', '--port', '80', '--source-group', lb);
    ec2Fails('InvalidPermission.NotFound', 'revoke-security-group-ingress', '--group-id', web, '--protocol', 'tcp', '--port', '80', '--source-group', lb);
    const rules = ec2('describe-security-group-rules', '--filters', `Name=group-id,Values=${web}`).SecurityGroupRules;
    assert.deepEqual(rules.map((r) => r.IsEgress), [true]);
  });

  it('shows each refusal as the CLI prints EC2 errors', () => {
    ec2Fails('InvalidGroup.NotFound', 'describe-security-groups', '--group-ids', 'sg-00000000000000000');
    ec2Fails('InvalidGroupId.Malformed', 'describe-security-groups', '--group-ids', 'web');
    ec2Fails('CannotDelete', 'delete-security-group', '--group-id', 'sg-0b3e7a1f00000000a');
    ec2Fails('InvalidVpc.Range', 'create-vpc', '--cidr-block', '10.0.0.0/8');
    ec2Fails('InvalidSubnetID.NotFound', 'delete-subnet', '--subnet-id', 'subnet-00000000000000000');
    ec2Fails('InvalidParameterValue', 'describe-vpcs', '--filters', 'Name=colour,Values=blue');
    ec2Fails('InvalidID', 'create-tags', '--resources', 'ami-12345678', '--tags', 'Key=a,Value=b');
    ec2Fails('DryRunOperation', 'describe-subnets', '--dry-run');
  });
});
