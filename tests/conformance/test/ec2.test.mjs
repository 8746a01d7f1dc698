// EC2 networking through @aws-sdk/client-ec2 (EC2's own Query protocol: Name.N lists, <item> answers without a Result
// wrapper, errors as <Response><Errors>): the default VPC and its subnets, VPCs and subnets made and deleted, security
// groups and their rules (by permission and by rule id), tags, interfaces, zones, account attributes, DryRun, paging,
// and each refusal with EC2's code and status — including UnauthorizedOperation for an IAM user without the permission.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateTagsCommand,
  CreateVpcCommand,
  DeleteSecurityGroupCommand,
  DeleteSubnetCommand,
  DeleteTagsCommand,
  DeleteVpcCommand,
  DescribeAccountAttributesCommand,
  DescribeAvailabilityZonesCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeTagsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcsCommand,
  EC2Client,
  ModifySecurityGroupRulesCommand,
  ModifySubnetAttributeCommand,
  ModifyVpcAttributeCommand,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
  paginateDescribeSecurityGroups,
} from '@aws-sdk/client-ec2';
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  IAMClient,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';

import { expectError, sdkClient, serverErrors, uniqueName } from '../lib/berth.mjs';

const ignore = () => {};

const ec2 = sdkClient(EC2Client);
const iam = sdkClient(IAMClient);

const DEFAULT_VPC = 'vpc-0b3e7a1f00000000a';
const DEFAULT_SUBNET = 'subnet-0b3e7a1f00000000a';
const DEFAULT_GROUP = 'sg-0b3e7a1f00000000a';

const made = { groups: [], subnets: [], vpcs: [], users: [] };

/** A VPC of its own in a /16 nobody else uses (VPC ranges may not overlap in Berth). */
async function vpc(tags) {
  for (let attempt = 0; attempt < 20; attempt++) {
    const CidrBlock = `10.${100 + Math.floor(Math.random() * 150)}.0.0/16`;
    try {
      const out = await ec2.send(new CreateVpcCommand({ CidrBlock, TagSpecifications: tags ? [{ ResourceType: 'vpc', Tags: tags }] : undefined }));
      made.vpcs.push(out.Vpc.VpcId);
      return out.Vpc;
    } catch (e) {
      if (e.name !== 'InvalidVpc.Range') throw e;
    }
  }
  throw new Error('no free /16 for a VPC');
}

async function group(name, VpcId) {
  const out = await ec2.send(new CreateSecurityGroupCommand({ GroupName: uniqueName(name), Description: `${name} group`, VpcId }));
  made.groups.push(out.GroupId);
  return out.GroupId;
}

const describeGroup = async (id) => (await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [id] }))).SecurityGroups[0];

after(async () => {
  for (const GroupId of made.groups.reverse()) await ec2.send(new DeleteSecurityGroupCommand({ GroupId })).catch(ignore);
  for (const SubnetId of made.subnets) await ec2.send(new DeleteSubnetCommand({ SubnetId })).catch(ignore);
  for (const VpcId of made.vpcs) await ec2.send(new DeleteVpcCommand({ VpcId })).catch(ignore);
  for (const u of made.users) {
    await iam.send(new DeleteAccessKeyCommand({ UserName: u.name, AccessKeyId: u.keys.accessKeyId })).catch(ignore);
    await iam.send(new DeleteUserPolicyCommand({ UserName: u.name, PolicyName: 'ec2' })).catch(ignore);
    await iam.send(new DeleteUserCommand({ UserName: u.name })).catch(ignore);
  }
  assert.deepEqual(serverErrors, [], `5xx answers: ${serverErrors.join('; ')}`);
});

describe('the default network', () => {
  it('has the default VPC with one subnet per zone and its default group', async () => {
    const vpcs = (await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }))).Vpcs;
    assert.equal(vpcs.length, 1);
    assert.equal(vpcs[0].VpcId, DEFAULT_VPC);
    assert.equal(vpcs[0].IsDefault, true);
    assert.equal(vpcs[0].State, 'available');
    assert.match(vpcs[0].CidrBlock, /^\d+\.\d+\.\d+\.\d+\/\d+$/);

    const subnets = (await ec2.send(new DescribeSubnetsCommand({
      Filters: [{ Name: 'vpc-id', Values: [DEFAULT_VPC] }, { Name: 'default-for-az', Values: ['true'] }],
    }))).Subnets;
    assert.deepEqual(subnets.map((s) => s.AvailabilityZone).sort(), ['us-east-1a', 'us-east-1b', 'us-east-1c']);
    assert.ok(subnets.some((s) => s.SubnetId === DEFAULT_SUBNET));
    for (const s of subnets) assert.ok(s.AvailableIpAddressCount > 0);

    const g = await describeGroup(DEFAULT_GROUP);
    assert.equal(g.GroupName, 'default');
    assert.equal(g.IpPermissions[0].IpProtocol, '-1');
    assert.equal(g.IpPermissions[0].UserIdGroupPairs[0].GroupId, DEFAULT_GROUP);
    assert.equal(g.IpPermissionsEgress[0].IpRanges[0].CidrIp, '0.0.0.0/0');
  });

  it('names the default VPC in the account attributes and offers three zones', async () => {
    const attrs = (await ec2.send(new DescribeAccountAttributesCommand({ AttributeNames: ['default-vpc', 'supported-platforms'] }))).AccountAttributes;
    assert.deepEqual(Object.fromEntries(attrs.map((a) => [a.AttributeName, a.AttributeValues.map((v) => v.AttributeValue)])),
      { 'default-vpc': [DEFAULT_VPC], 'supported-platforms': ['VPC'] });
    const zones = (await ec2.send(new DescribeAvailabilityZonesCommand({}))).AvailabilityZones;
    assert.deepEqual(zones.map((z) => [z.ZoneName, z.ZoneId, z.State]), [
      ['us-east-1a', 'use1-az1', 'available'], ['us-east-1b', 'use1-az2', 'available'], ['us-east-1c', 'use1-az3', 'available']]);
    await expectError(ec2.send(new DescribeAvailabilityZonesCommand({ ZoneNames: ['us-east-1z'] })), 'InvalidParameterValue');
    await expectError(ec2.send(new DescribeAccountAttributesCommand({ AttributeNames: ['nope'] })), 'InvalidParameterValue');
  });

  it('reports its DNS attributes as Berth acts on them and refuses the others by name', async () => {
    const support = await ec2.send(new DescribeVpcAttributeCommand({ VpcId: DEFAULT_VPC, Attribute: 'enableDnsSupport' }));
    assert.deepEqual([support.VpcId, support.EnableDnsSupport?.Value], [DEFAULT_VPC, true]);
    const hostnames = await ec2.send(new DescribeVpcAttributeCommand({ VpcId: DEFAULT_VPC, Attribute: 'enableDnsHostnames' }));
    assert.equal(hostnames.EnableDnsHostnames?.Value, false);
    await ec2.send(new ModifyVpcAttributeCommand({ VpcId: DEFAULT_VPC, EnableDnsSupport: { Value: true } }));
    await expectError(ec2.send(new ModifyVpcAttributeCommand({ VpcId: DEFAULT_VPC, EnableDnsHostnames: { Value: true } })), 'InvalidParameterValue', { message: /EnableDnsHostnames/ });
    await expectError(ec2.send(new DescribeVpcAttributeCommand({ VpcId: DEFAULT_VPC, Attribute: 'nope' })), 'InvalidParameterValue');
    await expectError(ec2.send(new DescribeVpcAttributeCommand({ VpcId: 'vpc-0123456789abcdef0', Attribute: 'enableDnsSupport' })), 'InvalidVpcID.NotFound');
  });

  it('refuses to delete the default VPC and the default group', async () => {
    await expectError(ec2.send(new DeleteVpcCommand({ VpcId: DEFAULT_VPC })), 'OperationNotPermitted');
    await expectError(ec2.send(new DeleteSecurityGroupCommand({ GroupId: DEFAULT_GROUP })), 'CannotDelete', { message: DEFAULT_GROUP });
  });
});

describe('VPCs and subnets', () => {
  it('creates a VPC with its tags and its own default group, then subnets inside it', async () => {
    const v = await vpc([{ Key: 'Name', Value: 'conformance' }]);
    assert.equal(v.IsDefault, false);
    assert.deepEqual(v.Tags, [{ Key: 'Name', Value: 'conformance' }]);
    const groups = (await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [v.VpcId] }] }))).SecurityGroups;
    assert.deepEqual(groups.map((g) => g.GroupName), ['default']);

    const base = v.CidrBlock.split('.').slice(0, 2).join('.');
    const s = (await ec2.send(new CreateSubnetCommand({
      VpcId: v.VpcId, CidrBlock: `${base}.1.0/24`, AvailabilityZone: 'us-east-1b',
      TagSpecifications: [{ ResourceType: 'subnet', Tags: [{ Key: 'tier', Value: 'app' }] }],
    }))).Subnet;
    made.subnets.push(s.SubnetId);
    assert.equal(s.AvailableIpAddressCount, 251);
    assert.equal(s.AvailabilityZone, 'us-east-1b');
    assert.equal(s.MapPublicIpOnLaunch, false);

    await expectError(ec2.send(new CreateSubnetCommand({ VpcId: v.VpcId, CidrBlock: `${base}.1.128/25` })), 'InvalidSubnet.Conflict', { message: s.SubnetId });
    await expectError(ec2.send(new CreateSubnetCommand({ VpcId: v.VpcId, CidrBlock: '192.168.0.0/24' })), 'InvalidSubnet.Range');
    await expectError(ec2.send(new CreateSubnetCommand({ VpcId: 'vpc-00000000000000000', CidrBlock: `${base}.2.0/24` })), 'InvalidVpcID.NotFound');
    await expectError(ec2.send(new CreateVpcCommand({ CidrBlock: `${base}.128.0/17` })), 'InvalidVpc.Range', { message: 'overlap' });
    await expectError(ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/8' })), 'InvalidVpc.Range');

    await ec2.send(new ModifySubnetAttributeCommand({ SubnetId: s.SubnetId, MapPublicIpOnLaunch: { Value: true } }));
    const after = (await ec2.send(new DescribeSubnetsCommand({ SubnetIds: [s.SubnetId] }))).Subnets[0];
    assert.equal(after.MapPublicIpOnLaunch, true);
    assert.deepEqual(after.Tags, [{ Key: 'tier', Value: 'app' }]);
    await expectError(ec2.send(new ModifySubnetAttributeCommand({ SubnetId: s.SubnetId, AssignIpv6AddressOnCreation: { Value: true } })), 'InvalidParameterValue');

    await expectError(ec2.send(new DeleteVpcCommand({ VpcId: v.VpcId })), 'DependencyViolation', { message: s.SubnetId });
    await ec2.send(new DeleteSubnetCommand({ SubnetId: s.SubnetId }));
    await ec2.send(new DeleteVpcCommand({ VpcId: v.VpcId }));
    await expectError(ec2.send(new DescribeVpcsCommand({ VpcIds: [v.VpcId] })), 'InvalidVpcID.NotFound');
    await expectError(ec2.send(new DescribeSubnetsCommand({ SubnetIds: [s.SubnetId] })), 'InvalidSubnetID.NotFound');
    await expectError(ec2.send(new DescribeVpcsCommand({ VpcIds: ['nope'] })), 'InvalidVpcID.Malformed');
  });
});

describe('security groups', () => {
  it('authorizes, describes, modifies and revokes rules', async () => {
    const lb = await group('lb');
    const web = await group('web');

    const added = await ec2.send(new AuthorizeSecurityGroupIngressCommand({
      GroupId: web,
      IpPermissions: [
        { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, UserIdGroupPairs: [{ GroupId: lb, Description: 'from the ALB' }] },
        { IpProtocol: '6', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.1.2.3/16', Description: 'office' }] },
      ],
    }));
    assert.equal(added.Return, true);
    assert.equal(added.SecurityGroupRules.length, 2);
    for (const r of added.SecurityGroupRules) assert.match(r.SecurityGroupRuleId, /^sgr-[0-9a-f]{17}$/);

    const g = await describeGroup(web);
    const http = g.IpPermissions.find((p) => p.FromPort === 80);
    assert.deepEqual([http.IpProtocol, http.ToPort, http.UserIdGroupPairs[0].GroupId, http.UserIdGroupPairs[0].Description], ['tcp', 80, lb, 'from the ALB']);
    const ssh = g.IpPermissions.find((p) => p.FromPort === 22);
    assert.deepEqual([ssh.IpProtocol, ssh.IpRanges[0].CidrIp], ['tcp', '10.1.0.0/16']);

    await expectError(ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: web, IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '10.1.0.0/16' })),
      'InvalidPermission.Duplicate', { message: 'already exists' });
    await expectError(ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: web, IpProtocol: 'tcp', FromPort: 90, ToPort: 80, CidrIp: '0.0.0.0/0' })), 'InvalidParameterValue');
    await expectError(ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: web, IpProtocol: 'tcp', FromPort: 1, ToPort: 1, CidrIp: '10.0.0/8' })), 'InvalidParameterValue');
    await expectError(ec2.send(new AuthorizeSecurityGroupIngressCommand({
      GroupId: web, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 1, ToPort: 1, UserIdGroupPairs: [{ GroupId: 'sg-00000000000000000' }] }],
    })), 'InvalidGroup.NotFound');
    await expectError(ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: 'sg-00000000000000000', IpProtocol: '-1', CidrIp: '0.0.0.0/0' })), 'InvalidGroup.NotFound');

    const sshRule = added.SecurityGroupRules.find((r) => r.FromPort === 22).SecurityGroupRuleId;
    await ec2.send(new ModifySecurityGroupRulesCommand({
      GroupId: web,
      SecurityGroupRules: [{ SecurityGroupRuleId: sshRule, SecurityGroupRule: { IpProtocol: 'tcp', FromPort: 2222, ToPort: 2222, CidrIpv4: '10.9.0.0/16', Description: 'moved' } }],
    }));
    const rules = (await ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: [web] }] }))).SecurityGroupRules;
    const moved = rules.find((r) => r.SecurityGroupRuleId === sshRule);
    assert.deepEqual([moved.FromPort, moved.CidrIpv4, moved.Description, moved.IsEgress], [2222, '10.9.0.0/16', 'moved', false]);
    assert.equal(rules.filter((r) => r.IsEgress).length, 1);
    await expectError(ec2.send(new DescribeSecurityGroupRulesCommand({ SecurityGroupRuleIds: ['sgr-00000000000000000'] })), 'InvalidSecurityGroupRuleId.NotFound');

    const revoked = await ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: web, SecurityGroupRuleIds: [sshRule] }));
    assert.equal(revoked.Return, true);
    await expectError(ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: web, SecurityGroupRuleIds: [sshRule] })), 'InvalidSecurityGroupRuleId.NotFound');
    await expectError(ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: web, IpProtocol: 'udp', FromPort: 53, ToPort: 53, CidrIp: '0.0.0.0/0' })), 'InvalidPermission.NotFound');

    // The load balancer's group is in use by web's rule until it is revoked.
    await expectError(ec2.send(new DeleteSecurityGroupCommand({ GroupId: lb })), 'DependencyViolation', { message: web });
    await ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: web, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, UserIdGroupPairs: [{ GroupId: lb }] }] }));
    const deleted = await ec2.send(new DeleteSecurityGroupCommand({ GroupId: lb }));
    assert.deepEqual([deleted.Return, deleted.GroupId], [true, lb]);
    await expectError(describeGroup(lb), 'InvalidGroup.NotFound', { message: lb });
  });

  it('authorizes and revokes egress', async () => {
    const web = await group('egress');
    await ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: web, IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
    await ec2.send(new AuthorizeSecurityGroupEgressCommand({ GroupId: web, IpPermissions: [{ IpProtocol: 'udp', FromPort: 53, ToPort: 53, IpRanges: [{ CidrIp: '10.0.0.2/32' }] }] }));
    // Terraform revokes the default ::/0 egress rule of every group it makes: none exists in Berth, so it is not found.
    await expectError(ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: web, IpPermissions: [{ IpProtocol: '-1', Ipv6Ranges: [{ CidrIpv6: '::/0' }] }] })),
      'InvalidPermission.NotFound');
    const g = await describeGroup(web);
    assert.deepEqual(g.IpPermissionsEgress.map((p) => [p.IpProtocol, p.FromPort, p.IpRanges[0].CidrIp]), [['udp', 53, '10.0.0.2/32']]);
    await expectError(ec2.send(new AuthorizeSecurityGroupEgressCommand({ GroupId: web, IpPermissions: [{ IpProtocol: 'udp', FromPort: 53, ToPort: 53, IpRanges: [{ CidrIp: '10.0.0.2/32' }] }] })),
      'InvalidPermission.Duplicate');
  });

  it('refuses a duplicate name and bad names, and finds groups by tag and by name', async () => {
    const GroupName = uniqueName('named');
    const out = await ec2.send(new CreateSecurityGroupCommand({
      GroupName, Description: 'tagged', TagSpecifications: [{ ResourceType: 'security-group', Tags: [{ Key: 'suite', Value: GroupName }] }],
    }));
    made.groups.push(out.GroupId);
    assert.deepEqual(out.Tags, [{ Key: 'suite', Value: GroupName }]);
    await expectError(ec2.send(new CreateSecurityGroupCommand({ GroupName, Description: 'again' })), 'InvalidGroup.Duplicate');
    await expectError(ec2.send(new CreateSecurityGroupCommand({ GroupName: 'default', Description: 'x' })), 'InvalidParameterValue');
    await expectError(ec2.send(new CreateSecurityGroupCommand({ GroupName: 'x', Description: 'x', VpcId: 'vpc-00000000000000000' })), 'InvalidVpcID.NotFound');

    const byTag = (await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: `tag:suite`, Values: [GroupName] }] }))).SecurityGroups;
    assert.deepEqual(byTag.map((g) => g.GroupId), [out.GroupId]);
    const byName = (await ec2.send(new DescribeSecurityGroupsCommand({ GroupNames: [GroupName] }))).SecurityGroups;
    assert.deepEqual(byName.map((g) => g.GroupId), [out.GroupId]);
    await expectError(ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'colour', Values: ['blue'] }] })), 'InvalidParameterValue');
  });

  it('pages with MaxResults and NextToken', async () => {
    const mine = [];
    for (let i = 0; i < 6; i++) mine.push(await group('page'));
    const ids = [];
    let pages = 0;
    for await (const page of paginateDescribeSecurityGroups({ client: ec2, pageSize: 5 }, {})) {
      pages += 1;
      ids.push(...page.SecurityGroups.map((g) => g.GroupId));
    }
    assert.ok(pages >= 2);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of mine) assert.ok(ids.includes(id), `${id} listed`);
    await expectError(ec2.send(new DescribeSecurityGroupsCommand({ MaxResults: 4 })), 'InvalidParameterValue');
  });
});

describe('tags, interfaces and DryRun', () => {
  it('creates, describes and deletes tags across resource types', async () => {
    const g = await group('tags');
    const key = uniqueName('k');
    await ec2.send(new CreateTagsCommand({ Resources: [g, DEFAULT_SUBNET], Tags: [{ Key: key, Value: 'one' }] }));
    let tags = (await ec2.send(new DescribeTagsCommand({ Filters: [{ Name: 'key', Values: [key] }] }))).Tags;
    assert.deepEqual(tags.map((t) => [t.ResourceId, t.ResourceType, t.Value]).sort(), [[g, 'security-group', 'one'], [DEFAULT_SUBNET, 'subnet', 'one']].sort());
    await ec2.send(new DeleteTagsCommand({ Resources: [g, DEFAULT_SUBNET], Tags: [{ Key: key }] }));
    tags = (await ec2.send(new DescribeTagsCommand({ Filters: [{ Name: 'key', Values: [key] }] }))).Tags;
    assert.deepEqual(tags, []);
    await expectError(ec2.send(new CreateTagsCommand({ Resources: ['i-0123456789abcdef0'], Tags: [{ Key: 'a', Value: 'b' }] })), 'InvalidID');
    await expectError(ec2.send(new CreateTagsCommand({ Resources: ['sg-00000000000000000'], Tags: [{ Key: 'a', Value: 'b' }] })), 'InvalidGroup.NotFound');
  });

  it('describes network interfaces and refuses unknown ones', async () => {
    const out = await ec2.send(new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'vpc-id', Values: [DEFAULT_VPC] }] }));
    assert.ok(Array.isArray(out.NetworkInterfaces));
    for (const eni of out.NetworkInterfaces) {
      assert.match(eni.NetworkInterfaceId, /^eni-/);
      assert.equal(eni.Status, 'in-use');
      assert.equal(eni.Attachment.Status, 'attached');
    }
    await expectError(ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: ['eni-00000000000000000'] })), 'InvalidNetworkInterfaceID.NotFound');
  });

  it('answers DryRunOperation (412) without changing anything', async () => {
    const GroupName = uniqueName('dry');
    await expectError(ec2.send(new CreateSecurityGroupCommand({ GroupName, Description: 'dry', DryRun: true })), 'DryRunOperation', { status: 412 });
    await expectError(ec2.send(new DescribeSecurityGroupsCommand({ GroupNames: [GroupName] })), 'InvalidGroup.NotFound');
  });
});

describe('authorization', () => {
  before(async () => {
    const UserName = uniqueName('ec2-user');
    await iam.send(new CreateUserCommand({ UserName }));
    await iam.send(new PutUserPolicyCommand({
      UserName, PolicyName: 'ec2',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' }] }),
    }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName }))).AccessKey;
    made.users.push({ name: UserName, keys: { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey } });
  });

  it('lets a user describe and refuses what its policy does not allow with UnauthorizedOperation (403)', async () => {
    const user = sdkClient(EC2Client, made.users[0].keys);
    const vpcs = await waitForAllowed(() => user.send(new DescribeVpcsCommand({})));
    assert.ok(vpcs.Vpcs.some((v) => v.VpcId === DEFAULT_VPC));
    await expectError(user.send(new CreateSecurityGroupCommand({ GroupName: uniqueName('denied'), Description: 'd' })), 'UnauthorizedOperation',
      { status: 403, message: 'ec2:CreateSecurityGroup' });
    await expectError(user.send(new DescribeVpcsCommand({ DryRun: true })), 'DryRunOperation', { status: 412 });
  });

  it('refuses a key it does not know with AuthFailure in EC2\'s error document', async () => {
    const stranger = sdkClient(EC2Client, { accessKeyId: 'AKIDNOSUCHKEY0000000', secretAccessKey: 'x' });
    await expectError(stranger.send(new DescribeVpcsCommand({})), 'AuthFailure', { status: 403 });
  });
});

/** A new access key may take a moment to be known: retry while it is not. */
async function waitForAllowed(call) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (e) {
      if (attempt > 20 || !/AuthFailure|InvalidClientTokenId/.test(e.name)) throw e;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
