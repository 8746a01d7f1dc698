// SSM Parameter Store through @aws-sdk/client-ssm: String, StringList and SecureString parameters, Overwrite and
// versions, reads with and without decryption, paths, DescribeParameters filters, history, labels, tags, deletion and
// the error paths.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';

import {
  AddTagsToResourceCommand,
  DeleteParameterCommand,
  DeleteParametersCommand,
  DescribeParametersCommand,
  GetParameterCommand,
  GetParameterHistoryCommand,
  GetParametersByPathCommand,
  GetParametersCommand,
  LabelParameterVersionCommand,
  ListTagsForResourceCommand,
  PutParameterCommand,
  RemoveTagsFromResourceCommand,
} from '@aws-sdk/client-ssm';

import { Resources, SSM_PREFIX, assertAwsError, assertNoServerErrors, expectError, rawRequest, region, runId, ssm } from '../lib/berth.mjs';

const res = new Resources();
after(async () => {
  await res.cleanup();
  assertNoServerErrors();
});

const base = `/conf-ssm-${runId}`;
let counter = 0;
const paramName = (what) => `${base}/${what}-${++counter}`;

async function put(input) {
  res.parameter(input.Name);
  return ssm.send(new PutParameterCommand(input));
}

const get = (Name, WithDecryption) => ssm.send(new GetParameterCommand({ Name, WithDecryption }));

describe('PutParameter and GetParameter', () => {
  it('String: version 1, read back with its ARN, type and version', async () => {
    const Name = paramName('string');
    const out = await put({ Name, Value: 'hello', Type: 'String', Description: 'conformance' });
    assert.equal(out.Version, 1);
    assert.equal(out.Tier, 'Standard');
    const p = (await get(Name)).Parameter;
    assert.equal(p.Name, Name);
    assert.equal(p.Type, 'String');
    assert.equal(p.Value, 'hello');
    assert.equal(p.Version, 1);
    assert.equal(p.DataType, 'text');
    assert.match(p.ARN, new RegExp(`^arn:aws:ssm:${region}:\\d{12}:parameter${Name}$`));
    assert.ok(p.LastModifiedDate instanceof Date);
  });

  it('StringList keeps its comma-separated value', async () => {
    const Name = paramName('list');
    await put({ Name, Value: 'a,b,c', Type: 'StringList' });
    const p = (await get(Name)).Parameter;
    assert.deepEqual([p.Type, p.Value], ['StringList', 'a,b,c']);
  });

  it('SecureString is encrypted unless read WithDecryption', async () => {
    const Name = paramName('secure');
    await put({ Name, Value: 's3cr3t-value', Type: 'SecureString' });
    const hidden = (await get(Name, false)).Parameter;
    assert.equal(hidden.Type, 'SecureString');
    assert.notEqual(hidden.Value, 's3cr3t-value');
    assert.ok(!hidden.Value.includes('s3cr3t'));
    assert.equal((await get(Name, true)).Parameter.Value, 's3cr3t-value');
    const described = await ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Name', Values: [Name] }] }));
    assert.equal(described.Parameters[0].KeyId, 'alias/aws/ssm');
  });

  it('a second PutParameter is ParameterAlreadyExists; Overwrite makes version 2 and keeps the type', async () => {
    const Name = paramName('versions');
    await put({ Name, Value: 'v1', Type: 'String' });
    await expectError(put({ Name, Value: 'v2', Type: 'String' }), 'ParameterAlreadyExists', {
      message: 'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.',
    });
    const out = await put({ Name, Value: 'v2', Overwrite: true });
    assert.equal(out.Version, 2);
    const p = (await get(Name)).Parameter;
    assert.deepEqual([p.Value, p.Version, p.Type], ['v2', 2, 'String']);
    assert.equal((await get(`${Name}:1`)).Parameter.Value, 'v1');
    assert.equal((await get(`${Name}:1`)).Parameter.Selector, ':1');
  });

  it('refuses bad names, types, keys, patterns, tags with Overwrite and empty values', async () => {
    await expectError(put({ Name: paramName('t'), Value: 'x', Type: 'Number' }), 'ValidationException', { message: 'Member must satisfy enum value set' });
    await expectError(put({ Name: `${base}/bad name`, Value: 'x', Type: 'String' }), 'ValidationException', { message: 'is not valid' });
    await expectError(put({ Name: '/aws/reserved', Value: 'x', Type: 'String' }), 'ValidationException');
    await expectError(put({ Name: paramName('nokey'), Value: 'x', Type: 'String', KeyId: 'alias/aws/ssm' }), 'ValidationException', { message: 'KeyId is only for SecureString' });
    await expectError(put({ Name: paramName('kms'), Value: 'x', Type: 'SecureString', KeyId: 'alias/mine' }), 'InvalidKeyId');
    await expectError(put({ Name: paramName('pattern'), Value: 'abc', Type: 'String', AllowedPattern: '^\\d+$' }), 'ParameterPatternMismatchException');
    await expectError(put({ Name: paramName('tagsover'), Value: 'x', Type: 'String', Overwrite: true, Tags: [{ Key: 'a', Value: 'b' }] }), 'ValidationException', {
      message: "tags and overwrite can't be used together",
    });
    await expectError(put({ Name: paramName('empty'), Value: '', Type: 'String' }), 'ValidationException');
    await expectError(put({ Name: paramName('new'), Value: 'x' }), 'ValidationException', { message: 'A parameter type is required' });
    await expectError(put({ Name: paramName('big'), Value: 'x'.repeat(4097), Type: 'String' }), 'ValidationException', { message: 'Standard tier parameters support a maximum' });
  });

  it('GetParameter of an unknown name or version is ParameterNotFound / ParameterVersionNotFound', async () => {
    await expectError(get(`${base}/missing`), 'ParameterNotFound');
    const Name = paramName('onev');
    await put({ Name, Value: 'x', Type: 'String' });
    await expectError(get(`${Name}:7`), 'ParameterVersionNotFound');
  });
});

describe('GetParameters and GetParametersByPath', () => {
  it('GetParameters returns what it found and lists the rest as InvalidParameters', async () => {
    const a = paramName('many-a');
    const b = paramName('many-b');
    await put({ Name: a, Value: 'A', Type: 'String' });
    await put({ Name: b, Value: 'B', Type: 'SecureString' });
    const out = await ssm.send(new GetParametersCommand({ Names: [a, b, `${base}/nope`], WithDecryption: true }));
    assert.deepEqual(out.Parameters.map((p) => [p.Name, p.Value]).sort(), [[a, 'A'], [b, 'B']]);
    assert.deepEqual(out.InvalidParameters, [`${base}/nope`]);
  });

  it('GetParametersByPath reads one level, or all below with Recursive, and pages', async () => {
    const root = `${base}/tree`;
    for (const [n, v] of [['/a', '1'], ['/b', '2'], ['/sub/c', '3'], ['/sub/deep/d', '4']]) await put({ Name: `${root}${n}`, Value: v, Type: 'String' });
    const oneLevel = await ssm.send(new GetParametersByPathCommand({ Path: root }));
    assert.deepEqual(oneLevel.Parameters.map((p) => p.Name).sort(), [`${root}/a`, `${root}/b`]);
    const names = [];
    let NextToken;
    do {
      const page = await ssm.send(new GetParametersByPathCommand({ Path: root, Recursive: true, MaxResults: 2, NextToken }));
      assert.ok(page.Parameters.length <= 2);
      names.push(...page.Parameters.map((p) => p.Name));
      NextToken = page.NextToken;
    } while (NextToken);
    assert.deepEqual(names.sort(), [`${root}/a`, `${root}/b`, `${root}/sub/c`, `${root}/sub/deep/d`]);
  });

  it('GetParametersByPath decrypts SecureStrings only WithDecryption and refuses bad paths and limits', async () => {
    const root = `${base}/secure-tree`;
    await put({ Name: `${root}/pw`, Value: 'pw-value', Type: 'SecureString' });
    const hidden = await ssm.send(new GetParametersByPathCommand({ Path: root }));
    assert.notEqual(hidden.Parameters[0].Value, 'pw-value');
    const shown = await ssm.send(new GetParametersByPathCommand({ Path: root, WithDecryption: true }));
    assert.equal(shown.Parameters[0].Value, 'pw-value');
    await expectError(ssm.send(new GetParametersByPathCommand({ Path: 'no-slash' })), 'ValidationException');
    await expectError(ssm.send(new GetParametersByPathCommand({ Path: root, MaxResults: 11 })), 'ValidationException', { message: 'less than or equal to 10' });
  });
});

describe('DescribeParameters, history and labels', () => {
  it('DescribeParameters filters by Path (Recursive), Name prefix and Type, without values', async () => {
    const root = `${base}/describe`;
    await put({ Name: `${root}/s`, Value: 'x', Type: 'String' });
    await put({ Name: `${root}/l`, Value: 'x,y', Type: 'StringList' });
    await put({ Name: `${root}/deep/z`, Value: 'z', Type: 'SecureString' });
    const all = await ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Path', Option: 'Recursive', Values: [root] }] }));
    assert.deepEqual(all.Parameters.map((p) => p.Name).sort(), [`${root}/deep/z`, `${root}/l`, `${root}/s`]);
    assert.ok(all.Parameters.every((p) => !('Value' in p) || p.Value === undefined));
    const lists = await ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Path', Option: 'Recursive', Values: [root] }, { Key: 'Type', Values: ['StringList'] }] }));
    assert.deepEqual(lists.Parameters.map((p) => p.Name), [`${root}/l`]);
    const byName = await ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Name', Option: 'BeginsWith', Values: [`${root}/deep`] }] }));
    assert.deepEqual(byName.Parameters.map((p) => p.Name), [`${root}/deep/z`]);
    await expectError(ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Label', Values: ['x'] }] })), 'InvalidFilterKey');
    await expectError(ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Type', Values: ['Nope'] }] })), 'InvalidFilterValue');
    await expectError(ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Name', Option: 'Sideways', Values: ['x'] }] })), 'InvalidFilterOption');
  });

  it('GetParameterHistory lists every version (SecureStrings decrypted only when asked); labels select versions', async () => {
    const Name = paramName('history');
    await put({ Name, Value: 'one', Type: 'SecureString' });
    await put({ Name, Value: 'two', Overwrite: true });
    await put({ Name, Value: 'three', Overwrite: true });
    const history = await ssm.send(new GetParameterHistoryCommand({ Name, WithDecryption: true }));
    assert.deepEqual(history.Parameters.map((p) => [p.Version, p.Value]), [[1, 'one'], [2, 'two'], [3, 'three']]);
    const hidden = await ssm.send(new GetParameterHistoryCommand({ Name }));
    assert.ok(hidden.Parameters.every((p) => !['one', 'two', 'three'].includes(p.Value)));

    const labelled = await ssm.send(new LabelParameterVersionCommand({ Name, ParameterVersion: 2, Labels: ['stable'] }));
    assert.deepEqual(labelled.InvalidLabels ?? [], []);
    assert.equal(labelled.ParameterVersion, 2);
    assert.equal((await get(`${Name}:stable`, true)).Parameter.Value, 'two');
    await expectError(ssm.send(new GetParameterHistoryCommand({ Name: `${base}/missing` })), 'ParameterNotFound');
    await expectError(ssm.send(new LabelParameterVersionCommand({ Name, ParameterVersion: 9, Labels: ['x'] })), 'ParameterVersionNotFound');
  });
});

describe('tags and deletion', () => {
  it('AddTagsToResource, ListTagsForResource and RemoveTagsFromResource; unknown parameters and resource types are refused', async () => {
    const Name = paramName('tags');
    await put({ Name, Value: 'x', Type: 'String', Tags: [{ Key: 'team', Value: 'core' }] });
    await ssm.send(new AddTagsToResourceCommand({ ResourceType: 'Parameter', ResourceId: Name, Tags: [{ Key: 'env', Value: 'prod' }] }));
    let tags = (await ssm.send(new ListTagsForResourceCommand({ ResourceType: 'Parameter', ResourceId: Name }))).TagList;
    assert.deepEqual(tags.map((t) => `${t.Key}=${t.Value}`).sort(), ['env=prod', 'team=core']);
    await ssm.send(new RemoveTagsFromResourceCommand({ ResourceType: 'Parameter', ResourceId: Name, TagKeys: ['team'] }));
    tags = (await ssm.send(new ListTagsForResourceCommand({ ResourceType: 'Parameter', ResourceId: Name }))).TagList;
    assert.deepEqual(tags.map((t) => t.Key), ['env']);
    const filtered = await ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'tag:env', Values: ['prod'] }, { Key: 'Name', Values: [Name] }] }));
    assert.equal(filtered.Parameters.length, 1);

    await expectError(ssm.send(new ListTagsForResourceCommand({ ResourceType: 'Parameter', ResourceId: `${base}/missing` })), 'InvalidResourceId');
    await expectError(ssm.send(new ListTagsForResourceCommand({ ResourceType: 'Document', ResourceId: Name })), 'InvalidResourceType');
    await expectError(ssm.send(new AddTagsToResourceCommand({ ResourceType: 'Parameter', ResourceId: Name, Tags: [{ Key: 'aws:x', Value: 'y' }] })), 'ValidationException');
  });

  it('DeleteParameter removes a parameter with its history; a second delete is ParameterNotFound', async () => {
    const Name = paramName('delete');
    await put({ Name, Value: 'x', Type: 'String' });
    await ssm.send(new DeleteParameterCommand({ Name }));
    await expectError(get(Name), 'ParameterNotFound');
    await expectError(ssm.send(new DeleteParameterCommand({ Name })), 'ParameterNotFound');
  });

  it('DeleteParameters deletes what exists and lists the rest as InvalidParameters', async () => {
    const a = paramName('del-a');
    const b = paramName('del-b');
    await put({ Name: a, Value: 'x', Type: 'String' });
    await put({ Name: b, Value: 'y', Type: 'StringList' });
    const out = await ssm.send(new DeleteParametersCommand({ Names: [a, b, `${base}/never`] }));
    assert.deepEqual(out.DeletedParameters.sort(), [a, b].sort());
    assert.deepEqual(out.InvalidParameters, [`${base}/never`]);
    await expectError(ssm.send(new DeleteParametersCommand({ Names: [] })), 'ValidationException');
  });
});

describe('protocol', () => {
  it('a member of the wrong type is SerializationException; an unknown operation is UnknownOperationException', async () => {
    const wrong = await rawRequest({ target: `${SSM_PREFIX}.PutParameter`, body: { Name: 5 } });
    assertAwsError(wrong, 400, 'SerializationException');
    const unknown = await rawRequest({ target: `${SSM_PREFIX}.NoSuchOperation`, body: {} });
    assertAwsError(unknown, 400, 'UnknownOperationException');
  });
});
