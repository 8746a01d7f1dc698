// STS on the Query protocol through @aws-sdk/client-sts: who the caller is (root, an IAM user, a role session), roles
// assumed with an IAM user's keys under their trust policies (the session's credentials sign further calls as the
// assumed role), session tokens, the duration bounds and every refusal as STS writes it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  IAMClient,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { CreateClusterCommand, ECSClient, ListClustersCommand } from '@aws-sdk/client-ecs';

import { expectError, sdkClient, serverErrors, uniqueName } from '../lib/berth.mjs';

const ignore = () => {};

const iam = sdkClient(IAMClient);
const rootSts = sdkClient(STSClient);
const stsAs = (c) => sdkClient(STSClient, c);
const ecsAs = (c) => sdkClient(ECSClient, c);
const asKeys = (c) => ({ accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken });

const made = { users: [], roles: [] };
let account;
let alice; // { name, arn, keys }
let bob;

const trust = (principal, extra = {}) => JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...extra }],
});

async function user() {
  const UserName = uniqueName('sts-user');
  const created = await iam.send(new CreateUserCommand({ UserName }));
  made.users.push(UserName);
  // The user itself may list clusters (no sts:AssumeRole: a trust policy naming the user is enough within the account).
  await iam.send(new PutUserPolicyCommand({
    UserName,
    PolicyName: 'assume',
    PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['ecs:List*'], Resource: '*' }] }),
  }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName }))).AccessKey;
  return { name: UserName, arn: created.User.Arn, id: created.User.UserId, keys: { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey } };
}

async function role(principal, input = {}) {
  const RoleName = uniqueName('sts-role');
  const out = await iam.send(new CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: trust(principal), ...input }));
  made.roles.push(RoleName);
  return out.Role;
}

before(async () => {
  account = (await rootSts.send(new GetCallerIdentityCommand({}))).Account;
  alice = await user();
  bob = await user();
});

after(async () => {
  for (const RoleName of made.roles) {
    await iam.send(new DeleteRolePolicyCommand({ RoleName, PolicyName: 'describe' })).catch(ignore);
    await iam.send(new DeleteRoleCommand({ RoleName })).catch(ignore);
  }
  for (const u of [alice, bob].filter(Boolean)) {
    await iam.send(new DeleteAccessKeyCommand({ UserName: u.name, AccessKeyId: u.keys.accessKeyId })).catch(ignore);
    await iam.send(new DeleteUserPolicyCommand({ UserName: u.name, PolicyName: 'assume' })).catch(ignore);
  }
  for (const UserName of made.users) await iam.send(new DeleteUserCommand({ UserName })).catch(ignore);
  assert.deepEqual(serverErrors, [], `5xx answers: ${serverErrors.join('; ')}`);
});

describe('GetCallerIdentity', () => {
  it('answers for root with the account id as UserId and the root ARN', async () => {
    const out = await rootSts.send(new GetCallerIdentityCommand({}));
    assert.match(out.Account, /^\d{12}$/);
    assert.equal(out.UserId, out.Account);
    assert.equal(out.Arn, `arn:aws:iam::${out.Account}:root`);
  });

  it("answers for an IAM user's keys with the user's ARN and AIDA id", async () => {
    const out = await stsAs(alice.keys).send(new GetCallerIdentityCommand({}));
    assert.deepEqual([out.Account, out.Arn, out.UserId], [account, alice.arn, alice.id]);
    assert.match(out.UserId, /^AIDA[A-Z2-7]{17}$/);
  });
});

describe('AssumeRole', () => {
  it("an IAM user's keys assume a role whose trust policy names the user; the session signs as the assumed role, with its permissions", async () => {
    const r = await role({ AWS: alice.arn });
    await iam.send(new PutRolePolicyCommand({
      RoleName: r.RoleName,
      PolicyName: 'describe',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ecs:ListClusters', Resource: '*' }] }),
    }));
    const out = await stsAs(alice.keys).send(new AssumeRoleCommand({ RoleArn: r.Arn, RoleSessionName: 'conformance', DurationSeconds: 900 }));

    assert.match(out.Credentials.AccessKeyId, /^ASIA[A-Z2-7]{16}$/);
    assert.equal(out.Credentials.SecretAccessKey.length, 40);
    assert.ok(out.Credentials.SessionToken.length > 100);
    assert.ok(out.Credentials.Expiration instanceof Date);
    const seconds = (out.Credentials.Expiration.getTime() - Date.now()) / 1000;
    assert.ok(seconds > 800 && seconds <= 901, `expires in ${seconds}s`);
    assert.equal(out.AssumedRoleUser.Arn, `arn:aws:sts::${account}:assumed-role/${r.RoleName}/conformance`);
    assert.equal(out.AssumedRoleUser.AssumedRoleId, `${r.RoleId}:conformance`);
    assert.equal(out.PackedPolicySize, undefined);

    const session = asKeys(out.Credentials);
    const who = await stsAs(session).send(new GetCallerIdentityCommand({}));
    assert.deepEqual([who.Account, who.Arn, who.UserId], [account, out.AssumedRoleUser.Arn, out.AssumedRoleUser.AssumedRoleId]);
    assert.ok(Array.isArray((await ecsAs(session).send(new ListClustersCommand({}))).clusterArns));
    await expectError(ecsAs(session).send(new CreateClusterCommand({ clusterName: uniqueName('sts-denied') })), 'AccessDeniedException', {
      message: `User: ${out.AssumedRoleUser.Arn} is not authorized to perform: ecs:CreateCluster`,
    });
  });

  it('a trust policy naming only the account needs an identity policy allowing sts:AssumeRole on the role', async () => {
    const r = await role({ AWS: `arn:aws:iam::${account}:root` });
    await expectError(stsAs(bob.keys).send(new AssumeRoleCommand({ RoleArn: r.Arn, RoleSessionName: 'acct' })), 'AccessDenied', { status: 403 });
    await iam.send(new PutUserPolicyCommand({
      UserName: bob.name,
      PolicyName: 'assume',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['ecs:List*', 'sts:AssumeRole'], Resource: '*' }] }),
    }));
    const out = await stsAs(bob.keys).send(new AssumeRoleCommand({ RoleArn: r.Arn, RoleSessionName: 'acct' }));
    assert.equal(out.AssumedRoleUser.Arn, `arn:aws:sts::${account}:assumed-role/${r.RoleName}/acct`);
  });

  it('a session with a forged token or without its token is InvalidClientTokenId', async () => {
    const r = await role({ AWS: alice.arn });
    const c = (await stsAs(alice.keys).send(new AssumeRoleCommand({ RoleArn: r.Arn, RoleSessionName: 'forged' }))).Credentials;
    await expectError(stsAs({ ...asKeys(c), sessionToken: `${c.SessionToken}x` }).send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', { status: 403 });
    await expectError(stsAs({ ...asKeys(c), sessionToken: undefined }).send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', { status: 403 });
  });

  it('is AccessDenied when the trust policy does not name the caller, with the message STS writes', async () => {
    const r = await role({ AWS: alice.arn });
    await expectError(stsAs(bob.keys).send(new AssumeRoleCommand({ RoleArn: r.Arn, RoleSessionName: 'nope' })), 'AccessDenied', {
      status: 403,
      message: `User: ${bob.arn} is not authorized to perform: sts:AssumeRole on resource: ${r.Arn}`,
    });
  });

  it('is AccessDenied for a role that does not exist, and for a service-only trust policy', async () => {
    const missing = `arn:aws:iam::${account}:role/${uniqueName('missing')}`;
    await expectError(stsAs(alice.keys).send(new AssumeRoleCommand({ RoleArn: missing, RoleSessionName: 's1' })), 'AccessDenied', {
      status: 403,
      message: `User: ${alice.arn} is not authorized to perform: sts:AssumeRole on resource: ${missing}`,
    });
    const tasks = await role({ Service: 'ecs-tasks.amazonaws.com' });
    await expectError(stsAs(alice.keys).send(new AssumeRoleCommand({ RoleArn: tasks.Arn, RoleSessionName: 's1' })), 'AccessDenied', { status: 403 });
  });

  it('is refused to root, as STS refuses it', async () => {
    const r = await role({ AWS: `arn:aws:iam::${account}:root` });
    await expectError(rootSts.send(new AssumeRoleCommand({ RoleArn: r.Arn, RoleSessionName: 's1' })), 'AccessDenied', {
      status: 403,
      message: 'Roles may not be assumed by root accounts.',
    });
  });

  it('keeps DurationSeconds within 900 and the role\'s MaxSessionDuration (default 3600)', async () => {
    const r = await role({ AWS: alice.arn });
    const long = await role({ AWS: alice.arn }, { MaxSessionDuration: 43200 });
    const sts = stsAs(alice.keys);
    await expectError(sts.send(new AssumeRoleCommand({ RoleArn: r.Arn, RoleSessionName: 's1', DurationSeconds: 899 })), 'ValidationError', {
      message: "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
    });
    await expectError(sts.send(new AssumeRoleCommand({ RoleArn: r.Arn, RoleSessionName: 's1', DurationSeconds: 3601 })), 'ValidationError', {
      message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    });
    await expectError(sts.send(new AssumeRoleCommand({ RoleArn: long.Arn, RoleSessionName: 's1', DurationSeconds: 43201 })), 'ValidationError', {
      message: 'Member must have value less than or equal to 43200',
    });
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: long.Arn, RoleSessionName: 's1', DurationSeconds: 43200 }));
    const hours = (out.Credentials.Expiration.getTime() - Date.now()) / 3_600_000;
    assert.ok(hours > 11.9 && hours <= 12.01, `expires in ${hours}h`);
  });

  it('limits a role session assuming another role (role chaining) to an hour', async () => {
    const first = await role({ AWS: alice.arn });
    const second = await role({ AWS: first.Arn }, { MaxSessionDuration: 7200 });
    const c = (await stsAs(alice.keys).send(new AssumeRoleCommand({ RoleArn: first.Arn, RoleSessionName: 'hop1' }))).Credentials;
    const session = stsAs(asKeys(c));
    await expectError(session.send(new AssumeRoleCommand({ RoleArn: second.Arn, RoleSessionName: 'hop2', DurationSeconds: 3601 })), 'ValidationError', {
      message: 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    });
    const out = await session.send(new AssumeRoleCommand({ RoleArn: second.Arn, RoleSessionName: 'hop2' }));
    assert.equal(out.AssumedRoleUser.Arn, `arn:aws:sts::${account}:assumed-role/${second.RoleName}/hop2`);
  });

  it('checks ExternalId through the sts:ExternalId condition key', async () => {
    const RoleName = uniqueName('sts-role');
    const r = (await iam.send(new CreateRoleCommand({
      RoleName,
      AssumeRolePolicyDocument: trust({ AWS: alice.arn }, { Condition: { StringEquals: { 'sts:ExternalId': 'Partner-7' } } }),
    }))).Role;
    made.roles.push(RoleName);
    const sts = stsAs(alice.keys);
    await expectError(sts.send(new AssumeRoleCommand({ RoleArn: r.Arn, RoleSessionName: 's1' })), 'AccessDenied', { status: 403 });
    await expectError(sts.send(new AssumeRoleCommand({ RoleArn: r.Arn, RoleSessionName: 's1', ExternalId: 'Partner-8' })), 'AccessDenied', { status: 403 });
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: r.Arn, RoleSessionName: 's1', ExternalId: 'Partner-7' }));
    assert.ok(out.Credentials.AccessKeyId);
  });

  it('refuses bad session names and role ARNs as STS validates them', async () => {
    const r = await role({ AWS: alice.arn });
    const sts = stsAs(alice.keys);
    await expectError(sts.send(new AssumeRoleCommand({ RoleArn: r.Arn, RoleSessionName: 'has space' })), 'ValidationError', {
      message: "1 validation error detected: Value 'has space' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
    });
    await expectError(sts.send(new AssumeRoleCommand({ RoleArn: r.Arn, RoleSessionName: 'x' })), 'ValidationError', {
      message: 'Member must have length greater than or equal to 2',
    });
    await expectError(sts.send(new AssumeRoleCommand({ RoleArn: r.Arn, RoleSessionName: 'x'.repeat(65) })), 'ValidationError', {
      message: 'Member must have length less than or equal to 64',
    });
    await expectError(sts.send(new AssumeRoleCommand({ RoleArn: 'not-a-role-arn-at-all', RoleSessionName: 's1' })), 'ValidationError', {
      message: 'not-a-role-arn-at-all is invalid',
    });
  });

  it('refuses session policies, session tags and MFA by name rather than ignoring them', async () => {
    const r = await role({ AWS: alice.arn });
    const sts = stsAs(alice.keys);
    const base = { RoleArn: r.Arn, RoleSessionName: 's1' };
    const cases = [
      ['Policy', { Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }) }],
      ['PolicyArns', { PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }] }],
      ['Tags', { Tags: [{ Key: 'team', Value: 'core' }] }],
      ['TransitiveTagKeys', { TransitiveTagKeys: ['team'] }],
      ['SerialNumber', { SerialNumber: `arn:aws:iam::${account}:mfa/alice`, TokenCode: '123456' }],
      ['SourceIdentity', { SourceIdentity: 'alice' }],
    ];
    for (const [parameter, extra] of cases) {
      await expectError(sts.send(new AssumeRoleCommand({ ...base, ...extra })), 'ValidationError', { message: `The ${parameter} parameter is not supported by Berth` });
    }
  });
});

describe('GetSessionToken', () => {
  it("gives an IAM user credentials that sign as the user (12 hours by default)", async () => {
    const out = await stsAs(alice.keys).send(new GetSessionTokenCommand({}));
    const hours = (out.Credentials.Expiration.getTime() - Date.now()) / 3_600_000;
    assert.ok(hours > 11.9 && hours <= 12.01, `expires in ${hours}h`);
    const who = await stsAs(asKeys(out.Credentials)).send(new GetCallerIdentityCommand({}));
    assert.equal(who.Arn, alice.arn);
  });

  it('gives root an hour at most', async () => {
    const out = await rootSts.send(new GetSessionTokenCommand({ DurationSeconds: 7200 }));
    const minutes = (out.Credentials.Expiration.getTime() - Date.now()) / 60_000;
    assert.ok(minutes > 55 && minutes <= 60.1, `expires in ${minutes} min`);
  });

  it('keeps DurationSeconds within 900..129600 and is refused to session credentials', async () => {
    const sts = stsAs(alice.keys);
    await expectError(sts.send(new GetSessionTokenCommand({ DurationSeconds: 899 })), 'ValidationError', { message: "Value '899' at 'durationSeconds'" });
    await expectError(sts.send(new GetSessionTokenCommand({ DurationSeconds: 129601 })), 'ValidationError', { message: 'Member must have value less than or equal to 129600' });
    const c = (await sts.send(new GetSessionTokenCommand({ DurationSeconds: 900 }))).Credentials;
    await expectError(stsAs(asKeys(c)).send(new GetSessionTokenCommand({})), 'AccessDenied', {
      status: 403,
      message: 'Cannot call GetSessionToken with session credentials',
    });
  });
});
