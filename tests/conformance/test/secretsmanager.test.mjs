// Secrets Manager: secrets, versions and staging labels, listing, deletion and restore, tags, resource policies,
// random passwords, and the refusals (rotation, replication, other KMS keys) — through the official JS SDK.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';

import {
  BatchGetSecretValueCommand,
  CancelRotateSecretCommand,
  CreateSecretCommand,
  DeleteResourcePolicyCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetRandomPasswordCommand,
  GetResourcePolicyCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  ListSecretVersionIdsCommand,
  PutResourcePolicyCommand,
  PutSecretValueCommand,
  ReplicateSecretToRegionsCommand,
  RestoreSecretCommand,
  RotateSecretCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateSecretCommand,
  UpdateSecretVersionStageCommand,
  ValidateResourcePolicyCommand,
} from '@aws-sdk/client-secrets-manager';

import { Resources, SECRETS_PREFIX, assertAwsError, assertNoServerErrors, expectError, rawRequest, region, runId, secretsManager as sm } from '../lib/berth.mjs';

const res = new Resources();
after(async () => {
  await res.cleanup();
  assertNoServerErrors();
});

const base = `conf-sm-${runId}`;
let counter = 0;
const secretName = (what) => `${base}/${what}-${++counter}`;
const token = (c) => c.repeat(32);
const DAY = 24 * 3600 * 1000;

async function create(input) {
  res.secret(input.Name);
  return sm.send(new CreateSecretCommand(input));
}

const get = (SecretId, extra = {}) => sm.send(new GetSecretValueCommand({ SecretId, ...extra }));

describe('creating and reading secrets', () => {
  it('CreateSecret names the secret by an ARN with a six-character suffix; GetSecretValue reads it by name, ARN or partial ARN', async () => {
    const Name = secretName('create');
    const created = await create({ Name, SecretString: '{"user":"admin","password":"hunter2"}', ClientRequestToken: token('a'), Description: 'conformance' });
    assert.match(created.ARN, new RegExp(`^arn:aws:secretsmanager:${region}:\\d{12}:secret:${Name}-[A-Za-z0-9]{6}$`));
    assert.equal(created.Name, Name);
    assert.equal(created.VersionId, token('a'));

    for (const id of [Name, created.ARN, created.ARN.slice(0, -7)]) {
      const v = await get(id);
      assert.equal(v.SecretString, '{"user":"admin","password":"hunter2"}');
      assert.equal(v.ARN, created.ARN);
      assert.equal(v.VersionId, token('a'));
      assert.deepEqual(v.VersionStages, ['AWSCURRENT']);
      assert.ok(v.CreatedDate instanceof Date);
      assert.ok(Math.abs(v.CreatedDate.getTime() - Date.now()) < 5 * 60_000);
    }
  });

  it('a binary secret comes back as the same bytes', async () => {
    const Name = secretName('binary');
    const bytes = Uint8Array.from([0, 1, 2, 254, 255]);
    await create({ Name, SecretBinary: bytes });
    const v = await get(Name);
    assert.deepEqual(Uint8Array.from(v.SecretBinary), bytes);
    assert.equal(v.SecretString, undefined);
  });

  it('a second CreateSecret is ResourceExistsException, but a retry with the same token and value succeeds', async () => {
    const Name = secretName('dup');
    const first = await create({ Name, SecretString: 'v', ClientRequestToken: token('r') });
    const again = await sm.send(new CreateSecretCommand({ Name, SecretString: 'v', ClientRequestToken: token('r') }));
    assert.equal(again.ARN, first.ARN);
    await expectError(sm.send(new CreateSecretCommand({ Name, SecretString: 'v' })), 'ResourceExistsException', { message: 'already exists' });
    await expectError(sm.send(new CreateSecretCommand({ Name, SecretString: 'other', ClientRequestToken: token('r') })), 'ResourceExistsException');
  });

  it('CreateSecret refuses bad names, two values, big values, other KMS keys, replicas and short tokens', async () => {
    await expectError(sm.send(new CreateSecretCommand({ Name: 'bad name', SecretString: 'v' })), 'InvalidParameterException');
    await expectError(sm.send(new CreateSecretCommand({ Name: secretName('both'), SecretString: 'v', SecretBinary: Uint8Array.from([1]) })), 'InvalidParameterException');
    await expectError(sm.send(new CreateSecretCommand({ Name: secretName('big'), SecretString: 'x'.repeat(65537) })), 'ValidationException');
    await expectError(sm.send(new CreateSecretCommand({ Name: secretName('kms'), SecretString: 'v', KmsKeyId: 'alias/my-key' })), 'InvalidParameterException', { message: 'alias/my-key' });
    await expectError(sm.send(new CreateSecretCommand({ Name: secretName('replica'), SecretString: 'v', AddReplicaRegions: [{ Region: 'eu-west-1' }] })), 'InvalidRequestException', { message: 'AddReplicaRegions' });
    await expectError(sm.send(new CreateSecretCommand({ Name: secretName('token'), SecretString: 'v', ClientRequestToken: 'short' })), 'InvalidParameterException');
    const ok = await create({ Name: secretName('defaultkey'), SecretString: 'v', KmsKeyId: 'alias/aws/secretsmanager' });
    assert.ok(ok.ARN);
  });

  it('GetSecretValue of an unknown secret or stage is ResourceNotFoundException', async () => {
    await expectError(get(`${base}/nope`), 'ResourceNotFoundException', { message: "Secrets Manager can't find the specified secret." });
    const Name = secretName('novalue');
    await create({ Name });
    await expectError(get(Name), 'ResourceNotFoundException', { message: 'AWSCURRENT' });
  });
});

describe('versions and staging labels', () => {
  const Name = secretName('versions');

  it('PutSecretValue makes the new version AWSCURRENT and the old one AWSPREVIOUS', async () => {
    await create({ Name, SecretString: 'one', ClientRequestToken: token('1') });
    const put = await sm.send(new PutSecretValueCommand({ SecretId: Name, SecretString: 'two', ClientRequestToken: token('2') }));
    assert.deepEqual(put.VersionStages, ['AWSCURRENT']);
    assert.equal((await get(Name)).SecretString, 'two');
    assert.equal((await get(Name, { VersionStage: 'AWSPREVIOUS' })).SecretString, 'one');
    assert.equal((await get(Name, { VersionId: token('1') })).SecretString, 'one');
    const d = await sm.send(new DescribeSecretCommand({ SecretId: Name }));
    assert.deepEqual(d.VersionIdsToStages, { [token('1')]: ['AWSPREVIOUS'], [token('2')]: ['AWSCURRENT'] });
  });

  it('a custom stage moves only that label; a third version deprecates the oldest', async () => {
    await sm.send(new PutSecretValueCommand({ SecretId: Name, SecretString: 'pending', ClientRequestToken: token('3'), VersionStages: ['AWSPENDING'] }));
    assert.equal((await get(Name)).SecretString, 'two');
    assert.equal((await get(Name, { VersionStage: 'AWSPENDING' })).SecretString, 'pending');
    await sm.send(new PutSecretValueCommand({ SecretId: Name, SecretString: 'four', ClientRequestToken: token('4') }));
    const listed = await sm.send(new ListSecretVersionIdsCommand({ SecretId: Name }));
    assert.deepEqual(listed.Versions.map((v) => v.VersionId).sort(), [token('2'), token('3'), token('4')]);
    const all = await sm.send(new ListSecretVersionIdsCommand({ SecretId: Name, IncludeDeprecated: true }));
    assert.equal(all.Versions.length, 4);
    assert.equal(all.Versions.find((v) => v.VersionId === token('1')).VersionStages, undefined);
  });

  it('PutSecretValue refuses a reused token with another value, no value, and unknown secrets', async () => {
    const again = await sm.send(new PutSecretValueCommand({ SecretId: Name, SecretString: 'four', ClientRequestToken: token('4') }));
    assert.equal(again.VersionId, token('4'));
    await expectError(sm.send(new PutSecretValueCommand({ SecretId: Name, SecretString: 'changed', ClientRequestToken: token('4') })), 'ResourceExistsException');
    await expectError(sm.send(new PutSecretValueCommand({ SecretId: Name })), 'InvalidParameterException');
    await expectError(sm.send(new PutSecretValueCommand({ SecretId: `${base}/nope`, SecretString: 'v' })), 'ResourceNotFoundException');
  });

  it('GetSecretValue refuses a VersionId and VersionStage that disagree, and unknown versions', async () => {
    await expectError(get(Name, { VersionId: token('2'), VersionStage: 'AWSCURRENT' }), 'InvalidRequestException');
    await expectError(get(Name, { VersionId: token('9') }), 'ResourceNotFoundException');
    await expectError(get(Name, { VersionStage: 'NOPE' }), 'ResourceNotFoundException');
  });

  it('UpdateSecretVersionStage moves AWSCURRENT back (AWSPREVIOUS follows) and refuses a move without RemoveFromVersionId', async () => {
    await expectError(
      sm.send(new UpdateSecretVersionStageCommand({ SecretId: Name, VersionStage: 'AWSCURRENT', MoveToVersionId: token('2') })),
      'InvalidParameterException',
      { message: 'RemoveFromVersionId' },
    );
    await sm.send(new UpdateSecretVersionStageCommand({ SecretId: Name, VersionStage: 'AWSCURRENT', RemoveFromVersionId: token('4'), MoveToVersionId: token('2') }));
    assert.equal((await get(Name)).SecretString, 'two');
    assert.equal((await get(Name, { VersionStage: 'AWSPREVIOUS' })).SecretString, 'four');
    await sm.send(new UpdateSecretVersionStageCommand({ SecretId: Name, VersionStage: 'AWSPENDING', RemoveFromVersionId: token('3') }));
    await expectError(get(Name, { VersionStage: 'AWSPENDING' }), 'ResourceNotFoundException');
  });

  it('ListSecretVersionIds pages with MaxResults and NextToken', async () => {
    const seen = [];
    let NextToken;
    do {
      const page = await sm.send(new ListSecretVersionIdsCommand({ SecretId: Name, IncludeDeprecated: true, MaxResults: 1, NextToken }));
      assert.ok(page.Versions.length <= 1);
      seen.push(...page.Versions.map((v) => v.VersionId));
      NextToken = page.NextToken;
    } while (NextToken);
    assert.equal(new Set(seen).size, 4);
    await expectError(sm.send(new ListSecretVersionIdsCommand({ SecretId: Name, NextToken: 'not-a-token' })), 'InvalidNextTokenException');
  });

  it('UpdateSecret changes the description and, with a value, makes a new current version', async () => {
    const out = await sm.send(new UpdateSecretCommand({ SecretId: Name, Description: 'updated', SecretString: 'five', ClientRequestToken: token('5') }));
    assert.equal(out.VersionId, token('5'));
    assert.equal((await get(Name)).SecretString, 'five');
    const d = await sm.send(new DescribeSecretCommand({ SecretId: Name }));
    assert.equal(d.Description, 'updated');
    assert.ok(d.LastChangedDate instanceof Date);
    assert.ok(d.CreatedDate instanceof Date);
    const descOnly = await sm.send(new UpdateSecretCommand({ SecretId: Name, Description: 'again' }));
    assert.equal(descOnly.VersionId, undefined);
    await expectError(sm.send(new UpdateSecretCommand({ SecretId: Name, KmsKeyId: 'alias/custom' })), 'InvalidParameterException');
  });
});

describe('listing', () => {
  const prefix = `${base}/list/`;

  it('ListSecrets filters by name prefix, tags and description and pages', async () => {
    await create({ Name: `${prefix}b`, SecretString: 'v', Tags: [{ Key: 'team', Value: 'core' }], Description: 'Database password' });
    await create({ Name: `${prefix}a`, SecretString: 'v', Tags: [{ Key: 'team', Value: 'payments' }] });
    await create({ Name: `${prefix}c`, SecretString: 'v' });
    const filter = { Key: 'name', Values: [prefix] };

    const names = [];
    let NextToken;
    do {
      const page = await sm.send(new ListSecretsCommand({ Filters: [filter], MaxResults: 1, NextToken, SortBy: 'name', SortOrder: 'asc' }));
      assert.ok(page.SecretList.length <= 1);
      names.push(...page.SecretList.map((s) => s.Name));
      NextToken = page.NextToken;
    } while (NextToken);
    assert.deepEqual(names, [`${prefix}a`, `${prefix}b`, `${prefix}c`]);

    const byTag = await sm.send(new ListSecretsCommand({ Filters: [filter, { Key: 'tag-value', Values: ['pay'] }] }));
    assert.deepEqual(byTag.SecretList.map((s) => s.Name), [`${prefix}a`]);
    const byDescription = await sm.send(new ListSecretsCommand({ Filters: [filter, { Key: 'description', Values: ['database'] }] }));
    assert.deepEqual(byDescription.SecretList.map((s) => s.Name), [`${prefix}b`]);
    const entry = byDescription.SecretList[0];
    assert.equal(Object.keys(entry.SecretVersionsToStages).length, 1);
    assert.deepEqual(entry.Tags, [{ Key: 'team', Value: 'core' }]);
  });

  it('ListSecrets refuses bad filters and tokens', async () => {
    await expectError(sm.send(new ListSecretsCommand({ Filters: [{ Key: 'colour', Values: ['red'] }] })), 'ValidationException');
    await expectError(sm.send(new ListSecretsCommand({ NextToken: 'not-a-token' })), 'InvalidNextTokenException');
    await expectError(sm.send(new ListSecretsCommand({ MaxResults: 101 })), 'ValidationException');
  });

  it('BatchGetSecretValue reads several secrets and reports the missing ones', async () => {
    const out = await sm.send(new BatchGetSecretValueCommand({ SecretIdList: [`${prefix}a`, `${prefix}nope`] }));
    assert.deepEqual(out.SecretValues.map((v) => v.Name), [`${prefix}a`]);
    assert.equal(out.Errors[0].ErrorCode, 'ResourceNotFoundException');
    const byFilter = await sm.send(new BatchGetSecretValueCommand({ Filters: [{ Key: 'name', Values: [prefix] }], MaxResults: 2 }));
    assert.equal(byFilter.SecretValues.length, 2);
    assert.ok(byFilter.NextToken);
    await expectError(sm.send(new BatchGetSecretValueCommand({ SecretIdList: ['a'], Filters: [{ Key: 'name', Values: ['a'] }] })), 'InvalidParameterException');
  });
});

describe('deletion and restore', () => {
  it('DeleteSecret schedules the deletion 30 days out; reads are refused until RestoreSecret', async () => {
    const Name = secretName('delete');
    await create({ Name, SecretString: 'keep-me' });
    const deleted = await sm.send(new DeleteSecretCommand({ SecretId: Name }));
    assert.ok(Math.abs(deleted.DeletionDate.getTime() - (Date.now() + 30 * DAY)) < 5 * 60_000);
    await expectError(get(Name), 'InvalidRequestException', { message: 'marked for deletion' });
    const d = await sm.send(new DescribeSecretCommand({ SecretId: Name }));
    assert.ok(d.DeletedDate instanceof Date);
    const visible = await sm.send(new ListSecretsCommand({ Filters: [{ Key: 'name', Values: [Name] }] }));
    assert.deepEqual(visible.SecretList, []);
    const planned = await sm.send(new ListSecretsCommand({ Filters: [{ Key: 'name', Values: [Name] }], IncludePlannedDeletion: true }));
    assert.deepEqual(planned.SecretList.map((s) => s.Name), [Name]);
    await expectError(sm.send(new DeleteSecretCommand({ SecretId: Name, RecoveryWindowInDays: 7 })), 'InvalidRequestException');
    await expectError(sm.send(new CreateSecretCommand({ Name, SecretString: 'v' })), 'InvalidRequestException', { message: 'scheduled for deletion' });

    const restored = await sm.send(new RestoreSecretCommand({ SecretId: Name }));
    assert.equal(restored.Name, Name);
    assert.equal((await get(Name)).SecretString, 'keep-me');
  });

  it('DeleteSecret refuses windows outside 7–30 days and a window with ForceDeleteWithoutRecovery', async () => {
    const Name = secretName('window');
    await create({ Name, SecretString: 'v' });
    await expectError(sm.send(new DeleteSecretCommand({ SecretId: Name, RecoveryWindowInDays: 6 })), 'InvalidParameterException');
    await expectError(sm.send(new DeleteSecretCommand({ SecretId: Name, RecoveryWindowInDays: 31 })), 'InvalidParameterException');
    await expectError(sm.send(new DeleteSecretCommand({ SecretId: Name, RecoveryWindowInDays: 7, ForceDeleteWithoutRecovery: true })), 'InvalidParameterException');
    const seven = await sm.send(new DeleteSecretCommand({ SecretId: Name, RecoveryWindowInDays: 7 }));
    assert.ok(Math.abs(seven.DeletionDate.getTime() - (Date.now() + 7 * DAY)) < 5 * 60_000);
  });

  it('ForceDeleteWithoutRecovery deletes at once', async () => {
    const Name = secretName('force');
    await create({ Name, SecretString: 'v' });
    await sm.send(new DeleteSecretCommand({ SecretId: Name, ForceDeleteWithoutRecovery: true }));
    await expectError(sm.send(new DescribeSecretCommand({ SecretId: Name })), 'ResourceNotFoundException');
    await expectError(sm.send(new RestoreSecretCommand({ SecretId: Name })), 'ResourceNotFoundException');
    const again = await create({ Name, SecretString: 'new' });
    assert.ok(again.ARN);
  });
});

describe('tags, resource policies, passwords', () => {
  const Name = secretName('misc');
  const policy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'secretsmanager:GetSecretValue', Resource: '*' }],
  });

  it('TagResource and UntagResource change what DescribeSecret shows', async () => {
    await create({ Name, SecretString: 'v', Tags: [{ Key: 'a', Value: '1' }] });
    await sm.send(new TagResourceCommand({ SecretId: Name, Tags: [{ Key: 'b', Value: '2' }] }));
    await sm.send(new UntagResourceCommand({ SecretId: Name, TagKeys: ['a'] }));
    const d = await sm.send(new DescribeSecretCommand({ SecretId: Name }));
    assert.deepEqual(d.Tags, [{ Key: 'b', Value: '2' }]);
    await expectError(sm.send(new TagResourceCommand({ SecretId: Name, Tags: [{ Key: 'aws:reserved', Value: 'x' }] })), 'InvalidParameterException');
    await expectError(sm.send(new TagResourceCommand({ SecretId: `${base}/nope`, Tags: [{ Key: 'k', Value: 'v' }] })), 'ResourceNotFoundException');
  });

  it('GetResourcePolicy answers with no policy until one is put; the policy comes back as given', async () => {
    const none = await sm.send(new GetResourcePolicyCommand({ SecretId: Name }));
    assert.equal(none.Name, Name);
    assert.equal(none.ResourcePolicy, undefined);
    await sm.send(new PutResourcePolicyCommand({ SecretId: Name, ResourcePolicy: policy, BlockPublicPolicy: true }));
    assert.equal((await sm.send(new GetResourcePolicyCommand({ SecretId: Name }))).ResourcePolicy, policy);
    await sm.send(new DeleteResourcePolicyCommand({ SecretId: Name }));
    assert.equal((await sm.send(new GetResourcePolicyCommand({ SecretId: Name }))).ResourcePolicy, undefined);
  });

  it('malformed and (with BlockPublicPolicy) public policies are refused; ValidateResourcePolicy reports problems', async () => {
    await expectError(sm.send(new PutResourcePolicyCommand({ SecretId: Name, ResourcePolicy: '{not json' })), 'MalformedPolicyDocumentException');
    const open = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] });
    await expectError(sm.send(new PutResourcePolicyCommand({ SecretId: Name, ResourcePolicy: open, BlockPublicPolicy: true })), 'PublicPolicyException');
    const ok = await sm.send(new ValidateResourcePolicyCommand({ SecretId: Name, ResourcePolicy: policy }));
    assert.equal(ok.PolicyValidationPassed, true);
    const bad = await sm.send(new ValidateResourcePolicyCommand({ ResourcePolicy: JSON.stringify({ Statement: [{ Effect: 'Allow' }] }) }));
    assert.equal(bad.PolicyValidationPassed, false);
    assert.equal(bad.ValidationErrors.length, 1);
  });

  it('GetRandomPassword honours its options', async () => {
    const def = await sm.send(new GetRandomPasswordCommand({}));
    assert.equal(def.RandomPassword.length, 32);
    const digits = await sm.send(new GetRandomPasswordCommand({ PasswordLength: 64, ExcludeLowercase: true, ExcludeUppercase: true, ExcludePunctuation: true, ExcludeCharacters: '0' }));
    assert.match(digits.RandomPassword, /^[1-9]{64}$/);
    await expectError(sm.send(new GetRandomPasswordCommand({ PasswordLength: 4097 })), 'ValidationException');
    await expectError(sm.send(new GetRandomPasswordCommand({ ExcludeLowercase: true, ExcludeUppercase: true, ExcludeNumbers: true, ExcludePunctuation: true })), 'InvalidParameterException');
  });

  it('rotation and replication are refused clearly; an unknown secret is still ResourceNotFoundException', async () => {
    await expectError(sm.send(new RotateSecretCommand({ SecretId: Name, RotationLambdaARN: 'arn:aws:lambda:us-east-1:123456789012:function:rotate' })), 'InvalidRequestException', { message: 'Lambda' });
    await expectError(sm.send(new CancelRotateSecretCommand({ SecretId: Name })), 'InvalidRequestException');
    await expectError(sm.send(new ReplicateSecretToRegionsCommand({ SecretId: Name, AddReplicaRegions: [{ Region: 'eu-west-1' }] })), 'InvalidRequestException');
    await expectError(sm.send(new RotateSecretCommand({ SecretId: `${base}/nope` })), 'ResourceNotFoundException');
  });
});

describe('protocol', () => {
  it('a member of the wrong type is SerializationException; an unknown operation is UnknownOperationException', async () => {
    const wrong = await rawRequest({ target: `${SECRETS_PREFIX}.CreateSecret`, body: { Name: 5 } });
    assertAwsError(wrong, 400, 'SerializationException');
    const unknown = await rawRequest({ target: `${SECRETS_PREFIX}.NoSuchOperation`, body: {} });
    assertAwsError(unknown, 400, 'UnknownOperationException');
  });
});
