// AWS Cloud Map through @aws-sdk/client-servicediscovery: HTTP and private DNS namespaces, services with DNS records and
// custom health, instances, DiscoverInstances and its revision, health status, operations, service attributes, tags,
// and the error paths. DiscoverInstances has the host prefix "data-" in AWS; against one local endpoint the client is
// made with disableHostPrefix (botocore: inject_host_prefix=False).
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';

import {
  CreateHttpNamespaceCommand,
  CreatePrivateDnsNamespaceCommand,
  CreatePublicDnsNamespaceCommand,
  CreateServiceCommand,
  DeleteNamespaceCommand,
  DeleteServiceAttributesCommand,
  DeleteServiceCommand,
  DeregisterInstanceCommand,
  DiscoverInstancesCommand,
  DiscoverInstancesRevisionCommand,
  GetInstanceCommand,
  GetInstancesHealthStatusCommand,
  GetNamespaceCommand,
  GetOperationCommand,
  GetServiceAttributesCommand,
  GetServiceCommand,
  ListInstancesCommand,
  ListNamespacesCommand,
  ListOperationsCommand,
  ListServicesCommand,
  ListTagsForResourceCommand,
  RegisterInstanceCommand,
  ServiceDiscoveryClient,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateHttpNamespaceCommand,
  UpdateInstanceCustomHealthStatusCommand,
  UpdatePrivateDnsNamespaceCommand,
  UpdatePublicDnsNamespaceCommand,
  UpdateServiceAttributesCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-servicediscovery';

import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';

import { assertAwsError, assertNoServerErrors, credentials, endpoint, expectError, rawRequest, region, runId, serverErrors } from '../lib/berth.mjs';

const sd = new ServiceDiscoveryClient({ endpoint, region, credentials, maxAttempts: 1, disableHostPrefix: true });
sd.middlewareStack.add(
  (next, context) => async (args) => {
    try {
      return await next(args);
    } catch (e) {
      if ((e?.$metadata?.httpStatusCode ?? 0) >= 500) serverErrors.push(`${context.commandName}: ${e.name}: ${e.message}`);
      throw e;
    }
  },
  { step: 'deserialize', name: 'berthWatch5xxSd', priority: 'low' },
);
const send = (command) => sd.send(command);
const ec2 = new EC2Client({ endpoint, region, credentials, maxAttempts: 1 });
const PREFIX = 'Route53AutoNaming_v20170314';

const created = { namespaces: [], services: [], instances: [] };
after(async () => {
  for (const [ServiceId, InstanceId] of created.instances) await send(new DeregisterInstanceCommand({ ServiceId, InstanceId })).catch(() => {});
  for (const Id of created.services) await send(new DeleteServiceCommand({ Id })).catch(() => {});
  for (const Id of created.namespaces) await send(new DeleteNamespaceCommand({ Id })).catch(() => {});
  assertNoServerErrors();
});

async function namespaceOf(OperationId) {
  const { Operation } = await send(new GetOperationCommand({ OperationId }));
  assert.equal(Operation.Status, 'SUCCESS');
  const Id = Operation.Targets.NAMESPACE;
  created.namespaces.push(Id);
  return (await send(new GetNamespaceCommand({ Id }))).Namespace;
}

const dnsName = `sd-${runId}.internal`;
const httpName = `sd-http-${runId}`;
let dnsNs;
let httpNs;

describe('namespaces', () => {
  it('CreatePrivateDnsNamespace reports a hosted zone and the SOA TTL; the name is normalized; the VPC must exist', async () => {
    const vpc = (await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'isDefault', Values: ['true'] }] }))).Vpcs[0].VpcId;
    await expectError(send(new CreatePrivateDnsNamespaceCommand({ Name: dnsName, Vpc: 'vpc-0000000000doesnot' })), 'InvalidInput', { message: 'does not exist' });
    const { OperationId } = await send(new CreatePrivateDnsNamespaceCommand({
      Name: `${dnsName}.`, Vpc: vpc, Description: 'conformance',
      Properties: { DnsProperties: { SOA: { TTL: 30 } } }, Tags: [{ Key: 'suite', Value: 'conformance' }],
    }));
    dnsNs = await namespaceOf(OperationId);
    assert.match(dnsNs.Id, /^ns-[a-z0-9]{16}$/);
    assert.match(dnsNs.Arn, new RegExp(`^arn:aws:servicediscovery:${region}:\\d{12}:namespace/${dnsNs.Id}$`));
    assert.equal(dnsNs.Name, dnsName);
    assert.equal(dnsNs.Type, 'DNS_PRIVATE');
    assert.match(dnsNs.Properties.DnsProperties.HostedZoneId, /^Z[A-Z0-9]+$/);
    assert.equal(dnsNs.Properties.DnsProperties.SOA.TTL, 30);
    assert.equal(dnsNs.Properties.HttpProperties.HttpName, dnsName);
    assert.ok(dnsNs.CreateDate instanceof Date);
    const tags = await send(new ListTagsForResourceCommand({ ResourceARN: dnsNs.Arn }));
    assert.deepEqual(tags.Tags, [{ Key: 'suite', Value: 'conformance' }]);
  });

  it('CreateHttpNamespace, and the same name again is NamespaceAlreadyExists', async () => {
    httpNs = await namespaceOf((await send(new CreateHttpNamespaceCommand({ Name: httpName }))).OperationId);
    assert.equal(httpNs.Type, 'HTTP');
    await expectError(send(new CreateHttpNamespaceCommand({ Name: httpName.toUpperCase() })), 'NamespaceAlreadyExists');
  });

  it('a reused CreatorRequestId: the retry gets the same operation, another name DuplicateRequest', async () => {
    const CreatorRequestId = `req-${runId}`;
    const first = await send(new CreateHttpNamespaceCommand({ Name: `${httpName}-retry`, CreatorRequestId }));
    await namespaceOf(first.OperationId);
    const again = await send(new CreateHttpNamespaceCommand({ Name: `${httpName}-retry`, CreatorRequestId }));
    assert.equal(again.OperationId, first.OperationId);
    await expectError(send(new CreateHttpNamespaceCommand({ Name: `${httpName}-other`, CreatorRequestId })), 'DuplicateRequest');
  });

  it('names with tricks and public namespaces are refused', async () => {
    for (const Name of ['a..b', `${'x'.repeat(64)}.local`, 'bad_label.local', '-a.local', `${'a.'.repeat(127)}a`]) {
      await expectError(send(new CreatePrivateDnsNamespaceCommand({ Name, Vpc: 'vpc-1' })), 'InvalidInput');
    }
    await expectError(send(new CreatePublicDnsNamespaceCommand({ Name: 'example.com' })), 'InvalidInput', { message: 'Public DNS namespaces are not supported' });
    await expectError(send(new GetNamespaceCommand({ Id: 'ns-doesnotexist0000' })), 'NamespaceNotFound');
  });

  it('Update*Namespace change the description and SOA; ListNamespaces filters', async () => {
    await send(new UpdatePrivateDnsNamespaceCommand({ Id: dnsNs.Id, Namespace: { Description: 'changed', Properties: { DnsProperties: { SOA: { TTL: 60 } } } } }));
    await send(new UpdateHttpNamespaceCommand({ Id: httpNs.Arn, Namespace: { Description: 'http' } }));
    const got = (await send(new GetNamespaceCommand({ Id: dnsNs.Id }))).Namespace;
    assert.equal(got.Description, 'changed');
    assert.equal(got.Properties.DnsProperties.SOA.TTL, 60);
    assert.equal((await send(new GetNamespaceCommand({ Id: httpNs.Id }))).Namespace.Description, 'http');
    await expectError(send(new UpdateHttpNamespaceCommand({ Id: dnsNs.Id, Namespace: { Description: 'x' } })), 'InvalidInput');
    await expectError(send(new UpdatePublicDnsNamespaceCommand({ Id: dnsNs.Id, Namespace: { Description: 'x' } })), 'InvalidInput');
    const listed = await send(new ListNamespacesCommand({ Filters: [{ Name: 'NAME', Values: [dnsName], Condition: 'EQ' }] }));
    assert.deepEqual(listed.Namespaces.map((n) => n.Id), [dnsNs.Id]);
    const http = await send(new ListNamespacesCommand({ Filters: [{ Name: 'TYPE', Values: ['HTTP'] }] }));
    assert.ok(http.Namespaces.every((n) => n.Type === 'HTTP'));
    await expectError(send(new ListNamespacesCommand({ Filters: [{ Name: 'NAME', Values: ['a', 'b'], Condition: 'IN' }] })), 'InvalidInput');
  });
});

let api;
let web;

describe('services and instances', () => {
  it('CreateService with A and SRV records and custom health', async () => {
    api = (await send(new CreateServiceCommand({
      Name: 'api', NamespaceId: dnsNs.Id, Description: 'the api',
      DnsConfig: { RoutingPolicy: 'MULTIVALUE', DnsRecords: [{ Type: 'A', TTL: 10 }, { Type: 'SRV', TTL: 20 }] },
      HealthCheckCustomConfig: { FailureThreshold: 1 },
    }))).Service;
    created.services.push(api.Id);
    assert.match(api.Id, /^srv-[a-z0-9]{16}$/);
    assert.match(api.Arn, new RegExp(`:service/${api.Id}$`));
    assert.equal(api.Type, 'DNS_HTTP');
    assert.deepEqual(api.DnsConfig.DnsRecords, [{ Type: 'A', TTL: 10 }, { Type: 'SRV', TTL: 20 }]);
    assert.equal(api.HealthCheckCustomConfig.FailureThreshold, 1);
    web = (await send(new CreateServiceCommand({ Name: 'web', NamespaceId: httpNs.Id }))).Service;
    created.services.push(web.Id);
    assert.equal(web.Type, 'HTTP');
  });

  it('CreateService error paths', async () => {
    await expectError(send(new CreateServiceCommand({ Name: 'api', NamespaceId: dnsNs.Id, DnsConfig: { DnsRecords: [{ Type: 'A', TTL: 5 }] } })), 'ServiceAlreadyExists');
    await expectError(send(new CreateServiceCommand({ Name: 'x', NamespaceId: dnsNs.Id, DnsConfig: { RoutingPolicy: 'WEIGHTED', DnsRecords: [{ Type: 'CNAME', TTL: 5 }] } })), 'InvalidInput', { message: 'CNAME' });
    await expectError(send(new CreateServiceCommand({ Name: 'x', NamespaceId: httpNs.Id, HealthCheckConfig: { Type: 'HTTP', ResourcePath: '/' } })), 'InvalidInput', { message: 'HealthCheckConfig' });
    await expectError(send(new CreateServiceCommand({ Name: 'x', NamespaceId: httpNs.Id, DnsConfig: { DnsRecords: [{ Type: 'A', TTL: 5 }] } })), 'InvalidInput');
    await expectError(send(new CreateServiceCommand({ Name: 'x', NamespaceId: 'ns-doesnotexist0000' })), 'NamespaceNotFound');
    await expectError(send(new CreateServiceCommand({ Name: '-bad', NamespaceId: httpNs.Id })), 'InvalidInput');
  });

  it('RegisterInstance checks the attributes the records need, then registers', async () => {
    await expectError(send(new RegisterInstanceCommand({ ServiceId: api.Id, InstanceId: 't1', Attributes: { AWS_INSTANCE_PORT: '80' } })), 'InvalidInput', { message: 'AWS_INSTANCE_IPV4' });
    await expectError(send(new RegisterInstanceCommand({ ServiceId: api.Id, InstanceId: 't1', Attributes: { AWS_INSTANCE_IPV4: '10.0.0.1' } })), 'InvalidInput', { message: 'AWS_INSTANCE_PORT' });
    await expectError(send(new RegisterInstanceCommand({ ServiceId: api.Id, InstanceId: 't1', Attributes: { AWS_INSTANCE_IPV4: '300.0.0.1', AWS_INSTANCE_PORT: '80' } })), 'InvalidInput');
    await expectError(send(new RegisterInstanceCommand({ ServiceId: 'srv-doesnotexist000', InstanceId: 't1', Attributes: {} })), 'ServiceNotFound');
    for (const [id, ip, health] of [['t1', '10.0.0.1'], ['t2', '10.0.0.2', 'UNHEALTHY']]) {
      const Attributes = { AWS_INSTANCE_IPV4: ip, AWS_INSTANCE_PORT: '8080', stage: 'prod', ...(health ? { AWS_INIT_HEALTH_STATUS: health } : {}) };
      const { OperationId } = await send(new RegisterInstanceCommand({ ServiceId: api.Arn, InstanceId: id, Attributes }));
      created.instances.push([api.Id, id]);
      const { Operation } = await send(new GetOperationCommand({ OperationId }));
      assert.equal(Operation.Type, 'REGISTER_INSTANCE');
      assert.deepEqual(Operation.Targets, { SERVICE: api.Id, INSTANCE: id });
    }
    const got = await send(new GetInstanceCommand({ ServiceId: api.Id, InstanceId: 't1' }));
    assert.equal(got.Instance.Attributes.AWS_INSTANCE_IPV4, '10.0.0.1');
    const list = await send(new ListInstancesCommand({ ServiceId: api.Id, MaxResults: 1 }));
    assert.equal(list.Instances.length, 1);
    const rest = await send(new ListInstancesCommand({ ServiceId: api.Id, NextToken: list.NextToken }));
    assert.deepEqual([...list.Instances, ...rest.Instances].map((i) => i.Id).sort(), ['t1', 't2']);
    assert.equal((await send(new GetServiceCommand({ Id: api.Id }))).Service.InstanceCount, 2);
    await expectError(send(new GetInstanceCommand({ ServiceId: api.Id, InstanceId: 'nope' })), 'InstanceNotFound');
  });

  it('health: GetInstancesHealthStatus, UpdateInstanceCustomHealthStatus, CustomHealthNotFound', async () => {
    assert.deepEqual((await send(new GetInstancesHealthStatusCommand({ ServiceId: api.Id }))).Status, { t1: 'HEALTHY', t2: 'UNHEALTHY' });
    await send(new UpdateInstanceCustomHealthStatusCommand({ ServiceId: api.Id, InstanceId: 't2', Status: 'HEALTHY' }));
    assert.deepEqual((await send(new GetInstancesHealthStatusCommand({ ServiceId: api.Id, Instances: ['t2'] }))).Status, { t2: 'HEALTHY' });
    await send(new UpdateInstanceCustomHealthStatusCommand({ ServiceId: api.Id, InstanceId: 't2', Status: 'UNHEALTHY' }));
    await send(new RegisterInstanceCommand({ ServiceId: web.Id, InstanceId: 'w1', Attributes: { url: 'http://w1' } }));
    created.instances.push([web.Id, 'w1']);
    await expectError(send(new UpdateInstanceCustomHealthStatusCommand({ ServiceId: web.Id, InstanceId: 'w1', Status: 'HEALTHY' })), 'CustomHealthNotFound');
    await expectError(send(new UpdateInstanceCustomHealthStatusCommand({ ServiceId: api.Id, InstanceId: 'nope', Status: 'HEALTHY' })), 'InstanceNotFound');
  });

  it('DiscoverInstances: health filters, query parameters, revision', async () => {
    const discover = (input) => send(new DiscoverInstancesCommand({ NamespaceName: dnsName, ServiceName: 'api', ...input }));
    assert.deepEqual((await discover({})).Instances.map((i) => i.InstanceId), ['t1']);
    assert.deepEqual((await discover({ HealthStatus: 'UNHEALTHY' })).Instances.map((i) => i.InstanceId), ['t2']);
    assert.deepEqual((await discover({ HealthStatus: 'ALL' })).Instances.map((i) => i.InstanceId).sort(), ['t1', 't2']);
    assert.equal((await discover({ HealthStatus: 'ALL', QueryParameters: { stage: 'dev' } })).Instances.length, 0);
    const one = (await discover({ HealthStatus: 'ALL', MaxResults: 1 })).Instances;
    assert.equal(one.length, 1);
    const first = (await discover({})).Instances[0];
    assert.equal(first.NamespaceName, dnsName);
    assert.equal(first.ServiceName, 'api');
    assert.equal(first.HealthStatus, 'HEALTHY');
    const { InstancesRevision } = await send(new DiscoverInstancesRevisionCommand({ NamespaceName: dnsName, ServiceName: 'api' }));
    assert.ok(InstancesRevision >= 4);
    const webFound = await send(new DiscoverInstancesCommand({ NamespaceName: httpName, ServiceName: 'web' }));
    assert.equal(webFound.Instances[0].HealthStatus, 'UNKNOWN');
    await expectError(discover({ ServiceName: 'nothere' }), 'ServiceNotFound');
    await expectError(send(new DiscoverInstancesCommand({ NamespaceName: `nothere-${runId}`, ServiceName: 'api' })), 'NamespaceNotFound');
  });

  it('UpdateService changes TTLs; service attributes; tags', async () => {
    const { OperationId } = await send(new UpdateServiceCommand({ Id: api.Id, Service: { Description: 'new', DnsConfig: { DnsRecords: [{ Type: 'A', TTL: 5 }, { Type: 'SRV', TTL: 6 }] } } }));
    assert.equal((await send(new GetOperationCommand({ OperationId }))).Operation.Type, 'UPDATE_SERVICE');
    assert.deepEqual((await send(new GetServiceCommand({ Id: api.Id }))).Service.DnsConfig.DnsRecords, [{ Type: 'A', TTL: 5 }, { Type: 'SRV', TTL: 6 }]);
    await expectError(send(new UpdateServiceCommand({ Id: api.Id, Service: { DnsConfig: { DnsRecords: [{ Type: 'AAAA', TTL: 5 }] } } })), 'InvalidInput');
    await send(new UpdateServiceAttributesCommand({ ServiceId: api.Id, Attributes: { team: 'core', tier: '1' } }));
    await send(new DeleteServiceAttributesCommand({ ServiceId: api.Id, Attributes: ['tier'] }));
    assert.deepEqual((await send(new GetServiceAttributesCommand({ ServiceId: api.Id }))).ServiceAttributes.Attributes, { team: 'core' });
    await send(new TagResourceCommand({ ResourceARN: api.Arn, Tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }] }));
    await send(new UntagResourceCommand({ ResourceARN: api.Arn, TagKeys: ['a'] }));
    assert.deepEqual((await send(new ListTagsForResourceCommand({ ResourceARN: api.Arn }))).Tags, [{ Key: 'b', Value: '2' }]);
    await expectError(send(new ListTagsForResourceCommand({ ResourceARN: api.Arn.replace(api.Id, 'srv-doesnotexist000') })), 'ResourceNotFoundException');
    const services = await send(new ListServicesCommand({ Filters: [{ Name: 'NAMESPACE_ID', Values: [dnsNs.Id], Condition: 'EQ' }] }));
    assert.deepEqual(services.Services.map((s) => s.Name), ['api']);
  });

  it('operations list by filter; deletes need their contents gone first', async () => {
    const ops = await send(new ListOperationsCommand({ Filters: [{ Name: 'SERVICE_ID', Values: [api.Id] }, { Name: 'TYPE', Condition: 'IN', Values: ['REGISTER_INSTANCE'] }] }));
    assert.equal(ops.Operations.length, 2);
    await expectError(send(new GetOperationCommand({ OperationId: 'nothere' })), 'OperationNotFound');
    await expectError(send(new DeleteServiceCommand({ Id: api.Id })), 'ResourceInUse');
    await expectError(send(new DeleteNamespaceCommand({ Id: dnsNs.Id })), 'ResourceInUse');
    for (const id of ['t1', 't2']) {
      const { OperationId } = await send(new DeregisterInstanceCommand({ ServiceId: api.Id, InstanceId: id }));
      assert.equal((await send(new GetOperationCommand({ OperationId }))).Operation.Type, 'DEREGISTER_INSTANCE');
    }
    await expectError(send(new DeregisterInstanceCommand({ ServiceId: api.Id, InstanceId: 't1' })), 'InstanceNotFound');
    await send(new DeleteServiceCommand({ Id: api.Id }));
    await expectError(send(new GetServiceCommand({ Id: api.Id })), 'ServiceNotFound');
    const { OperationId } = await send(new DeleteNamespaceCommand({ Id: dnsNs.Id }));
    assert.equal((await send(new GetOperationCommand({ OperationId }))).Operation.Type, 'DELETE_NAMESPACE');
    await expectError(send(new GetNamespaceCommand({ Id: dnsNs.Id })), 'NamespaceNotFound');
  });

  it('malformed bodies are refused in the AWS shape', async () => {
    const res = await rawRequest({ target: `${PREFIX}.CreateHttpNamespace`, body: '{"Name": 5}' });
    assertAwsError(res, 400, 'SerializationException');
    const missing = await rawRequest({ target: `${PREFIX}.GetService`, body: {} });
    assertAwsError(missing, 400, 'InvalidInput', /Id is required/);
  });
});
