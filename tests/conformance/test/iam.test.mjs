// IAM on the Query protocol through @aws-sdk/client-iam: users and their access keys (which sign requests berthd
// accepts until they are made Inactive or deleted), roles with trust policies, inline and managed policies with their
// versions, attachments, tags, the service-linked role of ECS, AWS managed policies, paging and the error paths.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';

import {
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateServiceLinkedRoleCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DeleteServiceLinkedRoleCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  GetAccessKeyLastUsedCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetServiceLinkedRoleDeletionStatusCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListInstanceProfilesForRoleCommand,
  ListPoliciesCommand,
  ListPolicyTagsCommand,
  ListPolicyVersionsCommand,
  ListRolePoliciesCommand,
  ListRoleTagsCommand,
  ListRolesCommand,
  ListUserPoliciesCommand,
  ListUserTagsCommand,
  ListUsersCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  SetDefaultPolicyVersionCommand,
  TagPolicyCommand,
  TagRoleCommand,
  TagUserCommand,
  UntagPolicyCommand,
  UntagRoleCommand,
  UntagUserCommand,
  UpdateAccessKeyCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
  UpdateRoleDescriptionCommand,
  UpdateUserCommand,
} from '@aws-sdk/client-iam';
import { ECSClient, ListClustersCommand } from '@aws-sdk/client-ecs';

import { endpoint, expectError, region, runId, sdkClient, serverErrors, uniqueName } from '../lib/berth.mjs';

const iam = sdkClient(IAMClient);

const account = async () => (await iam.send(new GetUserCommand({ UserName: await user() }))).User.Arn.split(':')[4];
const path = `/conf-${runId}/`;
const ignore = () => {};

const trust = (service = 'ecs-tasks.amazonaws.com') => JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
});
const allow = (action = 'ecs:List*') => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] }, null, 2);
/** Policy documents come URL-encoded, as IAM sends them (the JS SDK does not decode them). */
const decoded = (document) => JSON.parse(decodeURIComponent(document));

// What the tests create, torn down in after(): users and roles with everything hanging off them, then policies.
const made = { users: new Set(), roles: new Set(), policies: new Set() };

async function user(input = {}) {
  const UserName = uniqueName('user');
  made.users.add(UserName);
  await iam.send(new CreateUserCommand({ UserName, Path: path, ...input }));
  return UserName;
}

async function role(input = {}) {
  const RoleName = uniqueName('role');
  made.roles.add(RoleName);
  const out = await iam.send(new CreateRoleCommand({ RoleName, Path: path, AssumeRolePolicyDocument: trust(), ...input }));
  return out.Role;
}

async function policy(input = {}) {
  const out = await iam.send(new CreatePolicyCommand({ PolicyName: uniqueName('policy'), Path: path, PolicyDocument: allow(), ...input }));
  made.policies.add(out.Policy.Arn);
  return out.Policy;
}

async function removeUser(UserName) {
  for (const k of (await iam.send(new ListAccessKeysCommand({ UserName })).catch(() => ({}))).AccessKeyMetadata ?? []) {
    await iam.send(new DeleteAccessKeyCommand({ UserName, AccessKeyId: k.AccessKeyId })).catch(ignore);
  }
  for (const p of (await iam.send(new ListUserPoliciesCommand({ UserName })).catch(() => ({}))).PolicyNames ?? []) {
    await iam.send(new DeleteUserPolicyCommand({ UserName, PolicyName: p })).catch(ignore);
  }
  for (const p of (await iam.send(new ListAttachedUserPoliciesCommand({ UserName })).catch(() => ({}))).AttachedPolicies ?? []) {
    await iam.send(new DetachUserPolicyCommand({ UserName, PolicyArn: p.PolicyArn })).catch(ignore);
  }
  await iam.send(new DeleteUserCommand({ UserName })).catch(ignore);
}

async function removeRole(RoleName) {
  for (const p of (await iam.send(new ListRolePoliciesCommand({ RoleName })).catch(() => ({}))).PolicyNames ?? []) {
    await iam.send(new DeleteRolePolicyCommand({ RoleName, PolicyName: p })).catch(ignore);
  }
  for (const p of (await iam.send(new ListAttachedRolePoliciesCommand({ RoleName })).catch(() => ({}))).AttachedPolicies ?? []) {
    await iam.send(new DetachRolePolicyCommand({ RoleName, PolicyArn: p.PolicyArn })).catch(ignore);
  }
  await iam.send(new DeleteRoleCommand({ RoleName })).catch(ignore);
}

async function removePolicy(PolicyArn) {
  for (const v of (await iam.send(new ListPolicyVersionsCommand({ PolicyArn })).catch(() => ({}))).Versions ?? []) {
    if (!v.IsDefaultVersion) await iam.send(new DeletePolicyVersionCommand({ PolicyArn, VersionId: v.VersionId })).catch(ignore);
  }
  await iam.send(new DeletePolicyCommand({ PolicyArn })).catch(ignore);
}

after(async () => {
  for (const u of made.users) await removeUser(u);
  for (const r of made.roles) await removeRole(r);
  for (const p of made.policies) await removePolicy(p);
  await iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: 'AWSServiceRoleForECS' })).catch(ignore);
  assert.deepEqual(serverErrors, [], 'no request may yield a 5xx');
});

const T = { timeout: 30_000 };

describe('users', () => {
  it('CreateUser answers an AIDA id and an ARN with the path; GetUser and ListUsers find it', T, async () => {
    const UserName = uniqueName('user');
    made.users.add(UserName);
    const out = await iam.send(new CreateUserCommand({ UserName, Path: path, Tags: [{ Key: 'team', Value: 'conf' }] }));
    assert.match(out.User.UserId, /^AIDA[A-Z2-7]{17}$/);
    assert.match(out.User.Arn, new RegExp(`^arn:aws:iam::\\d{12}:user${path}${UserName}$`));
    assert.ok(out.User.CreateDate instanceof Date);
    assert.deepEqual(out.User.Tags, [{ Key: 'team', Value: 'conf' }]);

    const got = await iam.send(new GetUserCommand({ UserName: UserName.toUpperCase() }));
    assert.equal(got.User.UserName, UserName);
    const listed = await iam.send(new ListUsersCommand({ PathPrefix: path }));
    assert.ok(listed.Users.some((u) => u.UserName === UserName));
    assert.equal(listed.IsTruncated, false);
  });

  it('UpdateUser renames a user, who keeps its id', T, async () => {
    const name = await user();
    const before = (await iam.send(new GetUserCommand({ UserName: name }))).User;
    const renamed = uniqueName('renamed');
    made.users.add(renamed);
    await iam.send(new UpdateUserCommand({ UserName: name, NewUserName: renamed }));
    const after = (await iam.send(new GetUserCommand({ UserName: renamed }))).User;
    assert.equal(after.UserId, before.UserId);
    assert.ok(after.Arn.endsWith(`/${renamed}`));
    await expectError(iam.send(new GetUserCommand({ UserName: name })), 'NoSuchEntityException', { status: 404 });
  });

  it('the errors: EntityAlreadyExists (409), NoSuchEntity (404), ValidationError for a bad name', T, async () => {
    const name = await user();
    await expectError(iam.send(new CreateUserCommand({ UserName: name.toUpperCase() })), 'EntityAlreadyExistsException', { status: 409 });
    await expectError(iam.send(new GetUserCommand({ UserName: `${name}-none` })), 'NoSuchEntityException', { status: 404, message: 'cannot be found' });
    await expectError(iam.send(new CreateUserCommand({ UserName: 'has spaces' })), 'ValidationError', { message: 'regular expression' });
    await expectError(iam.send(new CreateUserCommand({ UserName: 'x'.repeat(65) })), 'ValidationError', { message: '64' });
  });

  it('ListUsers pages with MaxItems, IsTruncated and Marker, each user once', T, async () => {
    const names = [await user(), await user(), await user()].sort();
    const seen = [];
    let Marker;
    do {
      const page = await iam.send(new ListUsersCommand({ PathPrefix: path, MaxItems: 1, Marker }));
      assert.ok(page.Users.length <= 1);
      assert.equal(page.IsTruncated, page.Marker !== undefined);
      seen.push(...page.Users.map((u) => u.UserName));
      Marker = page.Marker;
    } while (Marker);
    for (const n of names) assert.equal(seen.filter((s) => s === n).length, 1);
  });

  it('DeleteUser is a DeleteConflict while the user has a key, an inline or an attached policy', T, async () => {
    const UserName = await user();
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName }));
    await expectError(iam.send(new DeleteUserCommand({ UserName })), 'DeleteConflictException', { status: 409, message: 'access keys' });
    await iam.send(new DeleteAccessKeyCommand({ UserName, AccessKeyId: AccessKey.AccessKeyId }));
    await iam.send(new PutUserPolicyCommand({ UserName, PolicyName: 'inline', PolicyDocument: allow() }));
    await expectError(iam.send(new DeleteUserCommand({ UserName })), 'DeleteConflictException', { status: 409, message: 'policies' });
    await iam.send(new DeleteUserPolicyCommand({ UserName, PolicyName: 'inline' }));
    await iam.send(new AttachUserPolicyCommand({ UserName, PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
    await expectError(iam.send(new DeleteUserCommand({ UserName })), 'DeleteConflictException', { status: 409, message: 'detach' });
    await iam.send(new DetachUserPolicyCommand({ UserName, PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
    await iam.send(new DeleteUserCommand({ UserName }));
    made.users.delete(UserName);
  });
});

describe('access keys', () => {
  const ecsWith = (key) => new ECSClient({ endpoint, region, maxAttempts: 1, credentials: { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey } });

  it('a created key signs an ECS call, stops when Inactive, works again when Active, and stops for good when deleted', T, async () => {
    const UserName = await user();
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName }));
    assert.match(AccessKey.AccessKeyId, /^AKIA[A-Z2-7]{16}$/);
    assert.equal(AccessKey.SecretAccessKey.length, 40);
    assert.equal(AccessKey.Status, 'Active');
    assert.equal(AccessKey.UserName, UserName);
    const ecs = ecsWith(AccessKey);
    await iam.send(new PutUserPolicyCommand({ UserName, PolicyName: 'list', PolicyDocument: JSON.stringify({
      Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ecs:ListClusters', Resource: '*' }] }) }));

    assert.ok(Array.isArray((await ecs.send(new ListClustersCommand({}))).clusterArns));

    await iam.send(new UpdateAccessKeyCommand({ UserName, AccessKeyId: AccessKey.AccessKeyId, Status: 'Inactive' }));
    await expectError(ecs.send(new ListClustersCommand({})), 'UnrecognizedClientException', { status: 403 });

    await iam.send(new UpdateAccessKeyCommand({ UserName, AccessKeyId: AccessKey.AccessKeyId, Status: 'Active' }));
    await ecs.send(new ListClustersCommand({}));

    await iam.send(new DeleteAccessKeyCommand({ UserName, AccessKeyId: AccessKey.AccessKeyId }));
    await expectError(ecs.send(new ListClustersCommand({})), 'UnrecognizedClientException', { status: 403 });
  });

  it('a user may call IAM only as its policies allow: AccessDenied (403) with the message IAM writes, then its own user by ${aws:username}', T, async () => {
    const UserName = await user();
    const other = await user();
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName }));
    const asUser = new IAMClient({ endpoint, region, maxAttempts: 1, credentials: { accessKeyId: AccessKey.AccessKeyId, secretAccessKey: AccessKey.SecretAccessKey } });
    const acct = await account();
    await expectError(asUser.send(new GetUserCommand({ UserName })), 'AccessDenied', {
      status: 403,
      message: `is not authorized to perform: iam:GetUser on resource: arn:aws:iam::${acct}:user${path}${UserName} because no identity-based policy allows the iam:GetUser action`,
    });
    await iam.send(new PutUserPolicyCommand({ UserName, PolicyName: 'self', PolicyDocument: JSON.stringify({
      Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: 'arn:aws:iam::*:user/*/${aws:username}' }] }) }));
    assert.equal((await asUser.send(new GetUserCommand({ UserName }))).User.UserName, UserName);
    assert.equal((await asUser.send(new GetUserCommand({}))).User.UserName, UserName, 'no UserName: the caller');
    await expectError(asUser.send(new GetUserCommand({ UserName: other })), 'AccessDenied', { status: 403 });
  });

  it('ListAccessKeys lists both keys with their status; a third is LimitExceeded (409)', T, async () => {
    const UserName = await user();
    const first = (await iam.send(new CreateAccessKeyCommand({ UserName }))).AccessKey;
    const second = (await iam.send(new CreateAccessKeyCommand({ UserName }))).AccessKey;
    await iam.send(new UpdateAccessKeyCommand({ UserName, AccessKeyId: first.AccessKeyId, Status: 'Inactive' }));
    const listed = (await iam.send(new ListAccessKeysCommand({ UserName }))).AccessKeyMetadata;
    assert.deepEqual(
      listed.map((k) => [k.AccessKeyId, k.Status]).sort(),
      [[first.AccessKeyId, 'Inactive'], [second.AccessKeyId, 'Active']].sort(),
    );
    assert.ok(listed.every((k) => k.SecretAccessKey === undefined), 'secrets are shown once, at creation');
    await expectError(iam.send(new CreateAccessKeyCommand({ UserName })), 'LimitExceededException', { status: 409, message: 'AccessKeysPerUser' });
  });

  it('GetAccessKeyLastUsed names the user; an unknown key is NoSuchEntity; a key of another user is NoSuchEntity', T, async () => {
    const UserName = await user();
    const other = await user();
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName }));
    const used = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: AccessKey.AccessKeyId }));
    assert.equal(used.UserName, UserName);
    assert.equal(used.AccessKeyLastUsed.ServiceName, 'N/A');
    await expectError(iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: 'AKIAAAAAAAAAAAAAAAAA' })), 'NoSuchEntityException', { status: 404 });
    await expectError(iam.send(new DeleteAccessKeyCommand({ UserName: other, AccessKeyId: AccessKey.AccessKeyId })), 'NoSuchEntityException', { status: 404 });
    await expectError(iam.send(new UpdateAccessKeyCommand({ UserName, AccessKeyId: AccessKey.AccessKeyId, Status: 'Off' })), 'ValidationError');
  });
});

describe('roles', () => {
  it('CreateRole keeps the trust policy, answered URL-encoded; GetRole shows it, its tags and RoleLastUsed', T, async () => {
    const created = await role({ Description: 'conformance', MaxSessionDuration: 7200, Tags: [{ Key: 'env', Value: 'conf' }] });
    assert.match(created.RoleId, /^AROA[A-Z2-7]{17}$/);
    assert.match(created.Arn, new RegExp(`^arn:aws:iam::\\d{12}:role${path}${created.RoleName}$`));
    assert.deepEqual(decoded(created.AssumeRolePolicyDocument), JSON.parse(trust()));
    const { Role } = await iam.send(new GetRoleCommand({ RoleName: created.RoleName }));
    assert.equal(Role.Description, 'conformance');
    assert.equal(Role.MaxSessionDuration, 7200);
    assert.deepEqual(Role.Tags, [{ Key: 'env', Value: 'conf' }]);
    assert.deepEqual(Role.RoleLastUsed, {});
    assert.deepEqual(decoded(Role.AssumeRolePolicyDocument), JSON.parse(trust()));
  });

  it('UpdateRole, UpdateRoleDescription and UpdateAssumeRolePolicy change what they name', T, async () => {
    const { RoleName } = await role();
    await iam.send(new UpdateRoleCommand({ RoleName, MaxSessionDuration: 43200, Description: 'one' }));
    const described = await iam.send(new UpdateRoleDescriptionCommand({ RoleName, Description: 'two' }));
    assert.equal(described.Role.Description, 'two');
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName, PolicyDocument: trust('ecs.amazonaws.com') }));
    const { Role } = await iam.send(new GetRoleCommand({ RoleName }));
    assert.equal(Role.MaxSessionDuration, 43200);
    assert.equal(decoded(Role.AssumeRolePolicyDocument).Statement[0].Principal.Service, 'ecs.amazonaws.com');
  });

  it('ListRoles filters by PathPrefix and pages', T, async () => {
    const a = await role();
    const b = await role();
    const seen = [];
    let Marker;
    do {
      const page = await iam.send(new ListRolesCommand({ PathPrefix: path, MaxItems: 1, Marker }));
      seen.push(...page.Roles.map((r) => r.RoleName));
      Marker = page.Marker;
    } while (Marker);
    assert.ok(seen.includes(a.RoleName) && seen.includes(b.RoleName));
    assert.ok(seen.every((n) => made.roles.has(n)), 'only roles under the path');
  });

  it('the errors: MalformedPolicyDocument, a session outside 3600–43200, NoSuchEntity, EntityAlreadyExists', T, async () => {
    const { RoleName } = await role();
    await expectError(iam.send(new CreateRoleCommand({ RoleName: uniqueName('bad'), AssumeRolePolicyDocument: '{not json' })), 'MalformedPolicyDocumentException');
    await expectError(iam.send(new UpdateRoleCommand({ RoleName, MaxSessionDuration: 60 })), 'ValidationError', { message: '3600' });
    await expectError(iam.send(new GetRoleCommand({ RoleName: `${RoleName}-none` })), 'NoSuchEntityException', { status: 404 });
    await expectError(iam.send(new CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: trust() })), 'EntityAlreadyExistsException', { status: 409 });
  });

  it('ListInstanceProfilesForRole is an empty list (Berth has no instance profiles)', T, async () => {
    const { RoleName } = await role();
    const out = await iam.send(new ListInstanceProfilesForRoleCommand({ RoleName }));
    assert.deepEqual(out.InstanceProfiles, []);
    assert.equal(out.IsTruncated, false);
  });

  it('DeleteRole is a DeleteConflict while a policy is inline or attached', T, async () => {
    const { RoleName } = await role();
    await iam.send(new PutRolePolicyCommand({ RoleName, PolicyName: 'inline', PolicyDocument: allow() }));
    await expectError(iam.send(new DeleteRoleCommand({ RoleName })), 'DeleteConflictException', { status: 409 });
    await iam.send(new DeleteRolePolicyCommand({ RoleName, PolicyName: 'inline' }));
    const arn = 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy';
    await iam.send(new AttachRolePolicyCommand({ RoleName, PolicyArn: arn }));
    await expectError(iam.send(new DeleteRoleCommand({ RoleName })), 'DeleteConflictException', { status: 409 });
    await iam.send(new DetachRolePolicyCommand({ RoleName, PolicyArn: arn }));
    await iam.send(new DeleteRoleCommand({ RoleName }));
    made.roles.delete(RoleName);
  });
});

describe('inline policies', () => {
  it('Put, Get (URL-encoded), List and Delete for a role and a user', T, async () => {
    const { RoleName } = await role();
    const UserName = await user();
    await iam.send(new PutRolePolicyCommand({ RoleName, PolicyName: 'read', PolicyDocument: allow() }));
    await iam.send(new PutUserPolicyCommand({ UserName, PolicyName: 'read', PolicyDocument: allow('logs:Get*') }));

    const r = await iam.send(new GetRolePolicyCommand({ RoleName, PolicyName: 'read' }));
    assert.equal(r.RoleName, RoleName);
    assert.deepEqual(decoded(r.PolicyDocument), JSON.parse(allow()));
    assert.equal(decodeURIComponent(r.PolicyDocument), allow(), 'the document as it was given, white space and all');
    const u = await iam.send(new GetUserPolicyCommand({ UserName, PolicyName: 'read' }));
    assert.equal(decoded(u.PolicyDocument).Statement[0].Action, 'logs:Get*');
    assert.deepEqual((await iam.send(new ListRolePoliciesCommand({ RoleName }))).PolicyNames, ['read']);
    assert.deepEqual((await iam.send(new ListUserPoliciesCommand({ UserName }))).PolicyNames, ['read']);

    await iam.send(new DeleteRolePolicyCommand({ RoleName, PolicyName: 'read' }));
    await expectError(iam.send(new GetRolePolicyCommand({ RoleName, PolicyName: 'read' })), 'NoSuchEntityException', { status: 404 });
    await expectError(iam.send(new PutUserPolicyCommand({ UserName, PolicyName: 'bad', PolicyDocument: 'nope' })), 'MalformedPolicyDocumentException');
  });
});

describe('managed policies', () => {
  it('CreatePolicy, GetPolicy and versions: five at most, the default not deletable, ids never reused', T, async () => {
    const created = await policy({ Description: 'conformance' });
    assert.match(created.PolicyId, /^ANPA[A-Z2-7]{17}$/);
    assert.equal(created.DefaultVersionId, 'v1');
    assert.equal(created.AttachmentCount, 0);
    const PolicyArn = created.Arn;
    assert.match(PolicyArn, new RegExp(`^arn:aws:iam::\\d{12}:policy${path}${created.PolicyName}$`));
    assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn }))).Policy.Description, 'conformance');

    const v2 = await iam.send(new CreatePolicyVersionCommand({ PolicyArn, PolicyDocument: allow('ecs:Describe*'), SetAsDefault: true }));
    assert.equal(v2.PolicyVersion.VersionId, 'v2');
    assert.equal(v2.PolicyVersion.IsDefaultVersion, true);
    const got = await iam.send(new GetPolicyVersionCommand({ PolicyArn, VersionId: 'v2' }));
    assert.equal(decoded(got.PolicyVersion.Document).Statement[0].Action, 'ecs:Describe*');
    for (let i = 0; i < 3; i++) await iam.send(new CreatePolicyVersionCommand({ PolicyArn, PolicyDocument: allow() }));
    await expectError(iam.send(new CreatePolicyVersionCommand({ PolicyArn, PolicyDocument: allow() })), 'LimitExceededException', { status: 409 });
    await expectError(iam.send(new DeletePolicyVersionCommand({ PolicyArn, VersionId: 'v2' })), 'DeleteConflictException', { status: 409 });
    await iam.send(new DeletePolicyVersionCommand({ PolicyArn, VersionId: 'v5' }));
    assert.equal((await iam.send(new CreatePolicyVersionCommand({ PolicyArn, PolicyDocument: allow() }))).PolicyVersion.VersionId, 'v6');
    await iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn, VersionId: 'v1' }));
    const versions = (await iam.send(new ListPolicyVersionsCommand({ PolicyArn }))).Versions;
    assert.deepEqual(versions.map((v) => v.VersionId), ['v6', 'v4', 'v3', 'v2', 'v1']);
    assert.deepEqual(versions.filter((v) => v.IsDefaultVersion).map((v) => v.VersionId), ['v1']);
    await expectError(iam.send(new DeletePolicyCommand({ PolicyArn })), 'DeleteConflictException', { status: 409, message: 'more than one version' });
  });

  it('attachments to a user and a role count on the policy; DeletePolicy is a DeleteConflict while attached', T, async () => {
    const { Arn: PolicyArn } = await policy();
    const UserName = await user();
    const { RoleName } = await role();
    await iam.send(new AttachUserPolicyCommand({ UserName, PolicyArn }));
    await iam.send(new AttachRolePolicyCommand({ RoleName, PolicyArn }));
    await iam.send(new AttachRolePolicyCommand({ RoleName, PolicyArn })); // a second attach changes nothing
    assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn }))).Policy.AttachmentCount, 2);
    assert.deepEqual((await iam.send(new ListAttachedUserPoliciesCommand({ UserName }))).AttachedPolicies.map((p) => p.PolicyArn), [PolicyArn]);
    assert.deepEqual((await iam.send(new ListAttachedRolePoliciesCommand({ RoleName }))).AttachedPolicies.map((p) => p.PolicyArn), [PolicyArn]);
    const attached = await iam.send(new ListPoliciesCommand({ Scope: 'Local', OnlyAttached: true, PathPrefix: path }));
    assert.deepEqual(attached.Policies.map((p) => p.Arn), [PolicyArn]);
    await expectError(iam.send(new DeletePolicyCommand({ PolicyArn })), 'DeleteConflictException', { status: 409, message: 'attached' });
    await iam.send(new DetachUserPolicyCommand({ UserName, PolicyArn }));
    await iam.send(new DetachRolePolicyCommand({ RoleName, PolicyArn }));
    await expectError(iam.send(new DetachRolePolicyCommand({ RoleName, PolicyArn })), 'NoSuchEntityException', { status: 404 });
    await iam.send(new DeletePolicyCommand({ PolicyArn }));
    made.policies.delete(PolicyArn);
    await expectError(iam.send(new GetPolicyCommand({ PolicyArn })), 'NoSuchEntityException', { status: 404 });
  });

  it('the errors: an ARN that is not one is InvalidInput; an unknown policy is NoSuchEntity; a duplicate name EntityAlreadyExists', T, async () => {
    const { PolicyName, Arn } = await policy();
    await expectError(iam.send(new GetPolicyCommand({ PolicyArn: 'not-an-arn-at-all-really' })), 'InvalidInputException', { message: 'is not valid' });
    await expectError(iam.send(new GetPolicyCommand({ PolicyArn: `${Arn}-none` })), 'NoSuchEntityException', { status: 404 });
    await expectError(iam.send(new CreatePolicyCommand({ PolicyName, PolicyDocument: allow() })), 'EntityAlreadyExistsException', { status: 409 });
    await expectError(iam.send(new CreatePolicyCommand({ PolicyName: uniqueName('bad'), PolicyDocument: '{' })), 'MalformedPolicyDocumentException');
  });
});

describe('AWS managed policies', () => {
  const execution = 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy';

  it('ListPolicies Scope=AWS lists the ones a Fargate user attaches, under their paths', T, async () => {
    const arns = [];
    let Marker;
    do {
      const page = await iam.send(new ListPoliciesCommand({ Scope: 'AWS', Marker, MaxItems: 5 }));
      arns.push(...page.Policies.map((p) => p.Arn));
      Marker = page.Marker;
    } while (Marker);
    for (const name of ['service-role/AmazonECSTaskExecutionRolePolicy', 'AmazonECS_FullAccess', 'ReadOnlyAccess', 'AdministratorAccess',
      'CloudWatchLogsFullAccess', 'SecretsManagerReadWrite', 'AmazonEC2ContainerRegistryReadOnly', 'AmazonSSMReadOnlyAccess']) {
      assert.ok(arns.includes(`arn:aws:iam::aws:policy/${name}`), name);
    }
    const serviceRole = await iam.send(new ListPoliciesCommand({ Scope: 'AWS', PathPrefix: '/service-role/' }));
    assert.deepEqual(serviceRole.Policies.map((p) => p.Arn), [execution]);
  });

  it('GetPolicy and GetPolicyVersion answer AWS ids and the real document', T, async () => {
    const { Policy } = await iam.send(new GetPolicyCommand({ PolicyArn: execution }));
    assert.equal(Policy.PolicyId, 'ANPAJG4T4G4PV56DE72PY');
    assert.equal(Policy.Path, '/service-role/');
    const { PolicyVersion } = await iam.send(new GetPolicyVersionCommand({ PolicyArn: execution, VersionId: Policy.DefaultVersionId }));
    assert.deepEqual(decoded(PolicyVersion.Document).Statement[0].Action,
      ['ecr:GetAuthorizationToken', 'ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage', 'logs:CreateLogStream', 'logs:PutLogEvents']);
  });

  it('they cannot be deleted, versioned or tagged: AccessDenied (403)', T, async () => {
    const PolicyArn = 'arn:aws:iam::aws:policy/AdministratorAccess';
    await expectError(iam.send(new DeletePolicyCommand({ PolicyArn })), 'AccessDenied', { status: 403 });
    await expectError(iam.send(new CreatePolicyVersionCommand({ PolicyArn, PolicyDocument: allow() })), 'AccessDenied', { status: 403 });
    await expectError(iam.send(new TagPolicyCommand({ PolicyArn, Tags: [{ Key: 'a', Value: 'b' }] })), 'AccessDenied', { status: 403 });
  });

  it('a service-linked role policy attaches to nothing else: PolicyNotAttachable', T, async () => {
    const { RoleName } = await role();
    await expectError(iam.send(new AttachRolePolicyCommand({ RoleName, PolicyArn: 'arn:aws:iam::aws:policy/aws-service-role/AmazonECSServiceRolePolicy' })),
      'PolicyNotAttachableException');
  });
});

describe('tags', () => {
  it('TagRole/UntagRole/ListRoleTags, TagUser/UntagUser/ListUserTags, TagPolicy/UntagPolicy/ListPolicyTags', T, async () => {
    const { RoleName } = await role();
    const UserName = await user();
    const { Arn: PolicyArn } = await policy();
    const tags = [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }];
    await iam.send(new TagRoleCommand({ RoleName, Tags: tags }));
    await iam.send(new TagUserCommand({ UserName, Tags: tags }));
    await iam.send(new TagPolicyCommand({ PolicyArn, Tags: tags }));
    await iam.send(new TagRoleCommand({ RoleName, Tags: [{ Key: 'A', Value: 'one' }] })); // keys are case-insensitive
    await iam.send(new UntagUserCommand({ UserName, TagKeys: ['a'] }));
    await iam.send(new UntagPolicyCommand({ PolicyArn, TagKeys: ['b'] }));
    assert.deepEqual((await iam.send(new ListRoleTagsCommand({ RoleName }))).Tags, [{ Key: 'A', Value: 'one' }, { Key: 'b', Value: '2' }]);
    assert.deepEqual((await iam.send(new ListUserTagsCommand({ UserName }))).Tags, [{ Key: 'b', Value: '2' }]);
    assert.deepEqual((await iam.send(new ListPolicyTagsCommand({ PolicyArn }))).Tags, [{ Key: 'a', Value: '1' }]);
    await iam.send(new UntagRoleCommand({ RoleName, TagKeys: ['a', 'B'] }));
    assert.deepEqual((await iam.send(new ListRoleTagsCommand({ RoleName }))).Tags, []);
    await expectError(iam.send(new TagRoleCommand({ RoleName, Tags: [{ Key: 'aws:x', Value: '1' }] })), 'InvalidInputException');
  });
});

describe('the service-linked role of ECS', () => {
  it('CreateServiceLinkedRole makes AWSServiceRoleForECS under /aws-service-role/ecs.amazonaws.com/, protected, deleted with DeleteServiceLinkedRole', T, async () => {
    await iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: 'AWSServiceRoleForECS' })).catch(ignore); // left by an earlier run
    const { Role } = await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' }));
    assert.equal(Role.RoleName, 'AWSServiceRoleForECS');
    assert.equal(Role.Path, '/aws-service-role/ecs.amazonaws.com/');
    assert.equal(Role.Arn, `arn:aws:iam::${await account()}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS`);
    assert.equal(decoded(Role.AssumeRolePolicyDocument).Statement[0].Principal.Service, 'ecs.amazonaws.com');
    const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: Role.RoleName }));
    assert.deepEqual(attached.AttachedPolicies.map((p) => p.PolicyArn), ['arn:aws:iam::aws:policy/aws-service-role/AmazonECSServiceRolePolicy']);

    await expectError(iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' })), 'InvalidInputException', { message: 'has been taken' });
    await expectError(iam.send(new DeleteRoleCommand({ RoleName: Role.RoleName })), 'UnmodifiableEntityException');
    await expectError(iam.send(new PutRolePolicyCommand({ RoleName: Role.RoleName, PolicyName: 'x', PolicyDocument: allow() })), 'UnmodifiableEntityException');

    const { DeletionTaskId } = await iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: Role.RoleName }));
    const status = await iam.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId }));
    assert.equal(status.Status, 'SUCCEEDED');
    await expectError(iam.send(new GetRoleCommand({ RoleName: Role.RoleName })), 'NoSuchEntityException', { status: 404 });
  });
});
