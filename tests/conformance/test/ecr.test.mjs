// ECR: CreateRepository, DescribeRepositories, DeleteRepository, PutImageTagMutability,
// GetAuthorizationToken, ListImages, DescribeImages, BatchGetImage, BatchDeleteImage and tagging,
// and, once Berth serves its registry on /v2/, images pushed with the docker CLI.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import {
  BatchDeleteImageCommand,
  BatchGetImageCommand,
  CreateRepositoryCommand,
  DeleteRepositoryCommand,
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  GetAuthorizationTokenCommand,
  ListImagesCommand,
  ListTagsForResourceCommand,
  PutImageTagMutabilityCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-ecr';

import { CreateClusterCommand, RegisterTaskDefinitionCommand, RunTaskCommand } from '@aws-sdk/client-ecs';

import {
  IMAGE,
  Resources,
  assertNoServerErrors,
  ecr,
  ecs,
  endpoint,
  ensureImage,
  expectError,
  fargateTaskDefinition,
  region,
  runId,
  uniqueName,
  waitForTaskStatus,
} from '../lib/berth.mjs';

const res = new Resources();
after(async () => {
  await res.cleanup();
  assertNoServerErrors();
});

/** Every API test gets this bound; the docker-backed ones get more. */
const T = { timeout: 30_000 };
const DOCKER_T = { timeout: 180_000 };

/** host[:port] in repositoryUri: the server's BERTH_REGISTRY_HOST, else localhost and the server's port. */
const registryHost = process.env.BERTH_REGISTRY_HOST ?? `localhost:${new URL(endpoint).port || (new URL(endpoint).protocol === 'https:' ? 443 : 80)}`;

const arnPattern = (name) => new RegExp(`^arn:aws:ecr:${region}:(\\d{12}):repository/${name.replace(/[.]/g, '\\.')}$`);
const DIGEST_OF_NOTHING = `sha256:${'0'.repeat(64)}`;
const sortTags = (tags) => [...(tags ?? [])].sort((a, b) => a.Key.localeCompare(b.Key));
const sha256 = (text) => `sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`;

/** Creates a repository (removed after the file) and returns the Repository of the response. */
async function createRepository(name, input = {}) {
  res.repository(name);
  return (await ecr.send(new CreateRepositoryCommand({ repositoryName: name, ...input }))).repository;
}

async function describeRepository(name) {
  const out = await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [name] }));
  assert.equal(out.repositories.length, 1);
  return out.repositories[0];
}

const listTags = async (resourceArn) => (await ecr.send(new ListTagsForResourceCommand({ resourceArn }))).tags ?? [];

async function listAllImages(repositoryName, filter, maxResults) {
  const ids = [];
  let nextToken;
  let pages = 0;
  do {
    const out = await ecr.send(new ListImagesCommand({ repositoryName, filter, maxResults, nextToken }));
    if (maxResults) assert.ok(out.imageIds.length <= maxResults, `a page holds at most ${maxResults}`);
    ids.push(...out.imageIds);
    nextToken = out.nextToken;
    pages += 1;
    assert.ok(pages < 100, 'ListImages pagination ends');
  } while (nextToken);
  return ids;
}

// ---------------------------------------------------------------------------------------------
// Repositories
// ---------------------------------------------------------------------------------------------

describe('CreateRepository', () => {
  it('creates a repository with a nested name: ARN, registryId, repositoryUri host/name, MUTABLE by default', T, async () => {
    const name = `${uniqueName('ecr')}/team/app`;
    const before = Date.now();
    const repo = await createRepository(name);
    assert.equal(repo.repositoryName, name);
    const m = repo.repositoryArn.match(arnPattern(name));
    assert.ok(m, `repositoryArn ${repo.repositoryArn}`);
    assert.equal(repo.registryId, m[1], 'registryId is the account of the ARN');
    assert.equal(repo.repositoryUri, `${registryHost}/${name}`);
    assert.equal(repo.imageTagMutability, 'MUTABLE');
    assert.ok(repo.createdAt instanceof Date, 'createdAt is a timestamp');
    assert.ok(Math.abs(repo.createdAt.getTime() - before) < 60_000, `createdAt ${repo.createdAt.toISOString()} is about now`);

    const described = await describeRepository(name);
    assert.equal(described.repositoryArn, repo.repositoryArn);
    assert.equal(described.repositoryUri, repo.repositoryUri);
    assert.equal(described.registryId, repo.registryId);
    assert.equal(described.imageTagMutability, 'MUTABLE');
    assert.equal(described.createdAt.getTime(), repo.createdAt.getTime());
  });

  it('accepts imageTagMutability IMMUTABLE', T, async () => {
    const name = uniqueName('ecr-immutable');
    const repo = await createRepository(name, { imageTagMutability: 'IMMUTABLE' });
    assert.equal(repo.imageTagMutability, 'IMMUTABLE');
    assert.equal((await describeRepository(name)).imageTagMutability, 'IMMUTABLE');
  });

  it('an unknown imageTagMutability is InvalidParameterException and creates nothing', T, async () => {
    const name = uniqueName('ecr-badmut');
    res.repository(name);
    await expectError(ecr.send(new CreateRepositoryCommand({ repositoryName: name, imageTagMutability: 'SOMETIMES' })), 'InvalidParameterException');
    await expectError(ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [name] })), 'RepositoryNotFoundException');
  });

  it('a name already taken is RepositoryAlreadyExistsException', T, async () => {
    const name = uniqueName('ecr-dup');
    const first = await createRepository(name);
    await expectError(ecr.send(new CreateRepositoryCommand({ repositoryName: name })), 'RepositoryAlreadyExistsException', { message: name });
    assert.equal((await describeRepository(name)).createdAt.getTime(), first.createdAt.getTime(), 'the first repository stays');
  });

  it('stores the tags given at creation (ECR\'s capitalised Key/Value)', T, async () => {
    const name = uniqueName('ecr-tags');
    const tags = [{ Key: 'team', Value: 'conformance' }, { Key: 'env', Value: 'test' }];
    const repo = await createRepository(name, { tags });
    assert.deepEqual(sortTags(await listTags(repo.repositoryArn)), sortTags(tags));
  });

  for (const bad of ['UPPER', 'a', 'a//b', '../x', '/lead', 'trail/', 'has space', '-dash', 'x'.repeat(257)]) {
    const shown = JSON.stringify(bad.length > 20 ? `${bad.slice(0, 10)}…(${bad.length})` : bad);
    it(`rejects the invalid name ${shown} with InvalidParameterException`, T, async () => {
      await expectError(ecr.send(new CreateRepositoryCommand({ repositoryName: bad })), 'InvalidParameterException');
    });
  }

  // The model's pattern: [a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*
  for (const suffix of ['a.b_c-d', 'double__underscore', 'many---hyphens']) {
    it(`accepts the valid name <unique>/${suffix}`, T, async () => {
      const name = `${uniqueName('ecr-valid')}/${suffix}`;
      const repo = await createRepository(name);
      assert.equal(repo.repositoryName, name);
      assert.equal(repo.repositoryUri, `${registryHost}/${name}`);
    });
  }
});

describe('DescribeRepositories', () => {
  const names = [uniqueName('ecr-page'), uniqueName('ecr-page'), uniqueName('ecr-page')];
  before(async () => {
    for (const n of names) await createRepository(n);
  });

  it('describes several repositories by name', T, async () => {
    const out = await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: names }));
    assert.deepEqual(out.repositories.map((r) => r.repositoryName).sort(), [...names].sort());
    assert.equal(out.nextToken, undefined);
  });

  it('an unknown name, alone or among known ones, is RepositoryNotFoundException', T, async () => {
    const missing = uniqueName('ecr-nosuch');
    await expectError(ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [missing] })), 'RepositoryNotFoundException', { message: missing });
    await expectError(ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [names[0], missing] })), 'RepositoryNotFoundException');
  });

  it('pages with maxResults 1 and nextToken, listing every repository once', T, async () => {
    const seen = [];
    let nextToken;
    let pages = 0;
    do {
      const out = await ecr.send(new DescribeRepositoriesCommand({ maxResults: 1, nextToken }));
      assert.ok(out.repositories.length <= 1, 'at most one repository a page');
      seen.push(...out.repositories.map((r) => r.repositoryName));
      nextToken = out.nextToken;
      pages += 1;
      assert.ok(pages < 1000, 'pagination ends');
    } while (nextToken);
    assert.equal(new Set(seen).size, seen.length, `no repository twice: ${seen.join(', ')}`);
    for (const n of names) assert.ok(seen.includes(n), `${n} listed`);
    assert.ok(pages >= names.length, 'one page per repository');
  });

  it('lists the repositories without arguments', T, async () => {
    const out = await ecr.send(new DescribeRepositoriesCommand({}));
    const listed = out.repositories.map((r) => r.repositoryName);
    for (const n of names) assert.ok(listed.includes(n), `${n} listed`);
  });

  it('repositoryNames together with maxResults is InvalidParameterException', T, async () => {
    await expectError(ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [names[0]], maxResults: 1 })), 'InvalidParameterException');
  });

  it('maxResults outside 1..1000 is InvalidParameterException', T, async () => {
    await expectError(ecr.send(new DescribeRepositoriesCommand({ maxResults: 0 })), 'InvalidParameterException');
    await expectError(ecr.send(new DescribeRepositoriesCommand({ maxResults: 1001 })), 'InvalidParameterException');
  });

  it('a nextToken it did not issue is InvalidParameterException', T, async () => {
    await expectError(ecr.send(new DescribeRepositoriesCommand({ nextToken: 'bm90LWEtdG9rZW4=' })), 'InvalidParameterException');
  });
});

describe('DeleteRepository', () => {
  it('deletes an empty repository and returns it', T, async () => {
    const name = uniqueName('ecr-del');
    const repo = await createRepository(name);
    const out = await ecr.send(new DeleteRepositoryCommand({ repositoryName: name }));
    assert.equal(out.repository.repositoryName, name);
    assert.equal(out.repository.repositoryArn, repo.repositoryArn);
    assert.equal(out.repository.registryId, repo.registryId);
    await expectError(ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [name] })), 'RepositoryNotFoundException');
    await expectError(ecr.send(new DeleteRepositoryCommand({ repositoryName: name })), 'RepositoryNotFoundException');
  });

  it('a repository created again under a deleted name starts afresh, without the old tags', T, async () => {
    const name = uniqueName('ecr-again');
    const first = await createRepository(name, { tags: [{ Key: 'generation', Value: 'first' }], imageTagMutability: 'IMMUTABLE' });
    await ecr.send(new DeleteRepositoryCommand({ repositoryName: name }));
    const second = await createRepository(name);
    assert.equal(second.repositoryArn, first.repositoryArn);
    assert.equal(second.imageTagMutability, 'MUTABLE');
    assert.deepEqual(await listTags(second.repositoryArn), []);
  });

  it('an unknown repository is RepositoryNotFoundException', T, async () => {
    await expectError(ecr.send(new DeleteRepositoryCommand({ repositoryName: uniqueName('ecr-nosuch') })), 'RepositoryNotFoundException');
    await expectError(ecr.send(new DeleteRepositoryCommand({ repositoryName: uniqueName('ecr-nosuch'), force: true })), 'RepositoryNotFoundException');
  });
});

describe('PutImageTagMutability', () => {
  it('switches MUTABLE to IMMUTABLE and back', T, async () => {
    const name = uniqueName('ecr-mut');
    const repo = await createRepository(name);
    const out = await ecr.send(new PutImageTagMutabilityCommand({ repositoryName: name, imageTagMutability: 'IMMUTABLE' }));
    assert.equal(out.repositoryName, name);
    assert.equal(out.registryId, repo.registryId);
    assert.equal(out.imageTagMutability, 'IMMUTABLE');
    assert.equal((await describeRepository(name)).imageTagMutability, 'IMMUTABLE');
    const back = await ecr.send(new PutImageTagMutabilityCommand({ repositoryName: name, imageTagMutability: 'MUTABLE' }));
    assert.equal(back.imageTagMutability, 'MUTABLE');
    assert.equal((await describeRepository(name)).imageTagMutability, 'MUTABLE');
  });

  it('an unknown value is InvalidParameterException and changes nothing', T, async () => {
    const name = uniqueName('ecr-mut');
    await createRepository(name, { imageTagMutability: 'IMMUTABLE' });
    await expectError(ecr.send(new PutImageTagMutabilityCommand({ repositoryName: name, imageTagMutability: 'mutable' })), 'InvalidParameterException');
    assert.equal((await describeRepository(name)).imageTagMutability, 'IMMUTABLE');
  });

  it('an unknown repository is RepositoryNotFoundException', T, async () => {
    await expectError(
      ecr.send(new PutImageTagMutabilityCommand({ repositoryName: uniqueName('ecr-nosuch'), imageTagMutability: 'IMMUTABLE' })),
      'RepositoryNotFoundException',
    );
  });
});

// ---------------------------------------------------------------------------------------------
// The login token
// ---------------------------------------------------------------------------------------------

async function authorization() {
  const out = await ecr.send(new GetAuthorizationTokenCommand({}));
  assert.equal(out.authorizationData.length, 1);
  return out.authorizationData[0];
}

describe('GetAuthorizationToken', () => {
  it('returns base64("AWS:<token>"), valid for about 12 hours, for http://<registry host>', T, async () => {
    const data = await authorization();
    const decoded = Buffer.from(data.authorizationToken, 'base64').toString('utf8');
    assert.equal(Buffer.from(decoded, 'utf8').toString('base64'), data.authorizationToken, 'authorizationToken is plain base64');
    assert.match(decoded, /^AWS:\S+$/);
    assert.ok(data.expiresAt instanceof Date, 'expiresAt is a timestamp');
    const ahead = data.expiresAt.getTime() - Date.now();
    assert.ok(Math.abs(ahead - 12 * 3600_000) < 5 * 60_000, `expiresAt ${data.expiresAt.toISOString()} is 12 h ahead`);
    assert.equal(data.proxyEndpoint, `http://${registryHost}`);
  });
});

// ---------------------------------------------------------------------------------------------
// Images: an empty repository, identifiers that name nothing, an unknown repository
// ---------------------------------------------------------------------------------------------

describe('images of an empty repository', () => {
  const name = uniqueName('ecr-empty');
  before(async () => {
    await createRepository(name);
  });

  it('ListImages lists nothing, whatever the filter', T, async () => {
    for (const filter of [undefined, { tagStatus: 'ANY' }, { tagStatus: 'TAGGED' }, { tagStatus: 'UNTAGGED' }]) {
      const out = await ecr.send(new ListImagesCommand({ repositoryName: name, filter }));
      assert.deepEqual(out.imageIds, [], `filter ${JSON.stringify(filter)}`);
      assert.equal(out.nextToken, undefined);
    }
  });

  it('ListImages with an unknown tagStatus is InvalidParameterException', T, async () => {
    await expectError(ecr.send(new ListImagesCommand({ repositoryName: name, filter: { tagStatus: 'SOMETIMES' } })), 'InvalidParameterException');
  });

  it('DescribeImages describes nothing', T, async () => {
    const out = await ecr.send(new DescribeImagesCommand({ repositoryName: name }));
    assert.deepEqual(out.imageDetails, []);
    assert.equal(out.nextToken, undefined);
  });

  it('DescribeImages of a tag or digest that does not exist is ImageNotFoundException', T, async () => {
    await expectError(ecr.send(new DescribeImagesCommand({ repositoryName: name, imageIds: [{ imageTag: 'nope' }] })), 'ImageNotFoundException');
    await expectError(ecr.send(new DescribeImagesCommand({ repositoryName: name, imageIds: [{ imageDigest: DIGEST_OF_NOTHING }] })), 'ImageNotFoundException');
  });

  it('DescribeImages with an identifier of neither tag nor digest, or a malformed digest, is InvalidParameterException', T, async () => {
    await expectError(ecr.send(new DescribeImagesCommand({ repositoryName: name, imageIds: [{}] })), 'InvalidParameterException');
    await expectError(ecr.send(new DescribeImagesCommand({ repositoryName: name, imageIds: [{ imageDigest: 'not-a-digest' }] })), 'InvalidParameterException');
  });

  const ids = [{ imageTag: 'nope' }, { imageDigest: DIGEST_OF_NOTHING }, {}, { imageDigest: 'not-a-digest' }];
  const expectedFailures = [
    { imageId: { imageTag: 'nope' }, failureCode: 'ImageNotFound' },
    { imageId: { imageDigest: DIGEST_OF_NOTHING }, failureCode: 'ImageNotFound' },
    { imageId: {}, failureCode: 'MissingDigestAndTag' },
    { imageId: { imageDigest: 'not-a-digest' }, failureCode: 'InvalidImageDigest' },
  ];
  const failureCodes = (failures) => failures.map((f) => {
    assert.equal(typeof f.failureReason, 'string', 'each failure has a failureReason');
    return { imageId: f.imageId, failureCode: f.failureCode };
  });

  it('BatchGetImage reports one failure per identifier: ImageNotFound, MissingDigestAndTag, InvalidImageDigest', T, async () => {
    const out = await ecr.send(new BatchGetImageCommand({ repositoryName: name, imageIds: ids }));
    assert.deepEqual(out.images ?? [], []);
    assert.deepEqual(failureCodes(out.failures), expectedFailures);
  });

  it('BatchDeleteImage reports one failure per identifier and deletes nothing', T, async () => {
    const out = await ecr.send(new BatchDeleteImageCommand({ repositoryName: name, imageIds: ids }));
    assert.deepEqual(out.imageIds ?? [], []);
    assert.deepEqual(failureCodes(out.failures), expectedFailures);
  });

  it('BatchGetImage and BatchDeleteImage without identifiers are InvalidParameterException', T, async () => {
    await expectError(ecr.send(new BatchGetImageCommand({ repositoryName: name, imageIds: [] })), 'InvalidParameterException');
    await expectError(ecr.send(new BatchDeleteImageCommand({ repositoryName: name, imageIds: [] })), 'InvalidParameterException');
  });

  it('an unknown repository is RepositoryNotFoundException for every image operation', T, async () => {
    const repositoryName = uniqueName('ecr-nosuch');
    await expectError(ecr.send(new ListImagesCommand({ repositoryName })), 'RepositoryNotFoundException');
    await expectError(ecr.send(new DescribeImagesCommand({ repositoryName })), 'RepositoryNotFoundException');
    await expectError(ecr.send(new BatchGetImageCommand({ repositoryName, imageIds: [{ imageTag: 'v1' }] })), 'RepositoryNotFoundException');
    await expectError(ecr.send(new BatchDeleteImageCommand({ repositoryName, imageIds: [{ imageTag: 'v1' }] })), 'RepositoryNotFoundException');
  });
});

// ---------------------------------------------------------------------------------------------
// Tags on a repository
// ---------------------------------------------------------------------------------------------

describe('tags on a repository', () => {
  const name = uniqueName('ecr-tagging');
  let arn;
  before(async () => {
    arn = (await createRepository(name, { tags: [{ Key: 'initial', Value: 'yes' }] })).repositoryArn;
  });

  it('ListTagsForResource lists the tags given at creation', T, async () => {
    assert.deepEqual(await listTags(arn), [{ Key: 'initial', Value: 'yes' }]);
  });

  it('TagResource adds tags and overwrites the value of an existing key', T, async () => {
    await ecr.send(new TagResourceCommand({
      resourceArn: arn,
      tags: [{ Key: 'initial', Value: 'changed' }, { Key: 'team', Value: 'conformance' }, { Key: 'empty', Value: '' }],
    }));
    assert.deepEqual(sortTags(await listTags(arn)), sortTags([
      { Key: 'initial', Value: 'changed' },
      { Key: 'team', Value: 'conformance' },
      { Key: 'empty', Value: '' },
    ]));
  });

  it('UntagResource removes the named keys and ignores unknown ones', T, async () => {
    await ecr.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['initial', 'empty', 'never-set'] }));
    assert.deepEqual(await listTags(arn), [{ Key: 'team', Value: 'conformance' }]);
  });

  it('the ARN of a repository that does not exist is RepositoryNotFoundException', T, async () => {
    const missing = arn.replace(/repository\/.*$/, `repository/${uniqueName('ecr-nosuch')}`);
    await expectError(ecr.send(new ListTagsForResourceCommand({ resourceArn: missing })), 'RepositoryNotFoundException');
    await expectError(ecr.send(new TagResourceCommand({ resourceArn: missing, tags: [{ Key: 'a', Value: 'b' }] })), 'RepositoryNotFoundException');
    await expectError(ecr.send(new UntagResourceCommand({ resourceArn: missing, tagKeys: ['a'] })), 'RepositoryNotFoundException');
  });

  it('a malformed ARN, or the ARN of something other than a repository, is InvalidParameterException', T, async () => {
    for (const resourceArn of ['not-an-arn', `arn:aws:ecs:${region}:${arn.split(':')[4]}:cluster/${name}`]) {
      await expectError(ecr.send(new ListTagsForResourceCommand({ resourceArn })), 'InvalidParameterException');
      await expectError(ecr.send(new TagResourceCommand({ resourceArn, tags: [{ Key: 'a', Value: 'b' }] })), 'InvalidParameterException');
      await expectError(ecr.send(new UntagResourceCommand({ resourceArn, tagKeys: ['a'] })), 'InvalidParameterException');
    }
  });

  it('more than 50 tags on a repository is TooManyTagsException', T, async () => {
    const tags = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    await expectError(ecr.send(new TagResourceCommand({ resourceArn: arn, tags })), 'TooManyTagsException');
    assert.deepEqual(await listTags(arn), [{ Key: 'team', Value: 'conformance' }], 'no tag added');
  });
});

// ---------------------------------------------------------------------------------------------
// Images pushed with the docker CLI (needs Berth's registry on /v2/)
// ---------------------------------------------------------------------------------------------

const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

/** Runs a command without blocking the event loop (so test timeouts still fire); never throws. */
function run(cmd, args, { input, env, timeoutMs = 120_000 } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => { clearTimeout(timer); resolve({ code: -1, stdout, stderr: `${stderr}${e.message}` }); });
    child.on('close', (code, signal) => { clearTimeout(timer); resolve({ code: signal ? -1 : code, stdout, stderr }); });
    child.stdin.end(input ?? '');
  });
}

/** docker with a private client config, so login does not touch the user's credentials. */
const dockerConfig = mkdtempSync(join(tmpdir(), 'berth-conf-docker-config-'));
const docker = (args, opts = {}) => run('docker', args, { ...opts, env: { DOCKER_CONFIG: dockerConfig } });

async function dockerOk(args, opts) {
  const r = await docker(args, opts);
  assert.equal(r.code, 0, `docker ${args.join(' ')} failed (${r.code}): ${r.stderr.trim()} ${r.stdout.trim()}`.slice(0, 1500));
  return r;
}

/** Builds a one-layer image on top of the busybox image, with content unique to this run and label. */
async function buildVariant(label) {
  const tag = `berth-conformance/ecr-${label}:${runId}`;
  const dir = mkdtempSync(join(tmpdir(), 'berth-conf-ecr-image-'));
  try {
    writeFileSync(join(dir, 'marker'), `${runId} ${label}\n`);
    writeFileSync(join(dir, 'Dockerfile'), `FROM ${IMAGE}\nCOPY marker /marker\n`);
    await dockerOk(['build', '-q', '-t', tag, dir]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return tag;
}

/** Local references made by the tests (<uri>:<tag>, and <uri>@<digest> that docker records on push), removed after. */
const localRefs = new Set();
/** Tags a local image as <repositoryUri>:<tag> and pushes it; returns the docker run result (digest parsed when it worked). */
async function push(localImage, repositoryUri, tag) {
  const ref = `${repositoryUri}:${tag}`;
  await dockerOk(['tag', localImage, ref]);
  localRefs.add(ref);
  const r = await docker(['push', ref]);
  const m = r.stdout.match(/digest: (sha256:[0-9a-f]{64})/);
  if (m) localRefs.add(`${repositoryUri}@${m[1]}`);
  return { ...r, digest: m?.[1] };
}

async function pushOk(localImage, repositoryUri, tag) {
  const r = await push(localImage, repositoryUri, tag);
  assert.equal(r.code, 0, `docker push ${repositoryUri}:${tag} failed: ${r.stderr.trim()}`.slice(0, 1500));
  assert.ok(r.digest, `docker push printed the digest: ${r.stdout}`);
  return r.digest;
}

/** GET/HEAD /v2/<name>/manifests/<reference> with Basic auth; returns the status. */
async function registryManifestStatus(basic, name, reference) {
  const r = await fetch(`${endpoint}/v2/${name}/manifests/${reference}`, {
    method: 'GET',
    headers: { authorization: `Basic ${basic}`, accept: [DOCKER_MANIFEST, OCI_MANIFEST, 'application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json'].join(', ') },
  });
  await r.arrayBuffer();
  return r.status;
}

describe('images pushed with docker', () => {
  let registry = false;
  let basic; // base64 of AWS:<token>, the Basic credentials docker login uses
  const name = `${uniqueName('ecr-push')}/app`;
  const immutableName = `${uniqueName('ecr-push-immutable')}/app`;
  let uri;
  let immutableUri;
  const localImages = [];
  let other; // a second image
  let stale; // a third image, pushed as :latest and then left untagged
  const digest = {}; // v1 (= v2), other, stale

  before(async () => {
    basic = (await authorization()).authorizationToken;
    try {
      const probe = await fetch(`${endpoint}/v2/`, { headers: { authorization: `Basic ${basic}` }, signal: AbortSignal.timeout(10_000) });
      await probe.arrayBuffer();
      registry = probe.status === 200;
    } catch {
      registry = false;
    }
    // In CI the registry is part of what is tested: its absence fails here rather than skipping the pushes below.
    if (!registry && process.env.CI === 'true') throw new Error(`CI=true but Berth's registry at ${endpoint}/v2/ does not answer 200`);
    if (!registry) return;

    ensureImage();
    other = await buildVariant('other');
    stale = await buildVariant('stale');
    localImages.push(other, stale);
    uri = (await createRepository(name)).repositoryUri;
    immutableUri = (await createRepository(immutableName, { imageTagMutability: 'IMMUTABLE' })).repositoryUri;

    const decoded = Buffer.from(basic, 'base64').toString('utf8');
    const user = decoded.slice(0, decoded.indexOf(':'));
    const password = decoded.slice(decoded.indexOf(':') + 1);
    assert.equal(user, 'AWS');
    await dockerOk(['login', registryHost, '-u', user, '--password-stdin'], { input: password });

    digest.v1 = await pushOk(IMAGE, uri, 'v1');
    digest.v2 = await pushOk(IMAGE, uri, 'v2');
    digest.other = await pushOk(other, uri, 'other');
    digest.stale = await pushOk(stale, uri, 'latest');
    const moved = await pushOk(other, uri, 'latest'); // :latest moves to "other"; "stale" is left untagged
    assert.equal(moved, digest.other);
  }, DOCKER_T);

  after(async () => {
    // References first (untagging only), then the images built here; the busybox image stays for the other files.
    for (const ref of localRefs) await docker(['rmi', ref]);
    for (const image of localImages) await docker(['rmi', image]);
    if (registry) await docker(['logout', registryHost]);
    rmSync(dockerConfig, { recursive: true, force: true });
  });

  const skipUnlessRegistry = (t) => {
    if (registry) return false;
    t.skip(`no registry at ${endpoint}/v2/ (with CI=true this is a failure)`);
    return true;
  };

  it('pushing the same image under two tags gives one digest', DOCKER_T, async (t) => {
    if (skipUnlessRegistry(t)) return;
    assert.equal(digest.v1, digest.v2);
    assert.notEqual(digest.other, digest.v1);
    assert.notEqual(digest.stale, digest.other);
  });

  it('ListImages lists one entry per tag, and the untagged image by digest; TAGGED and UNTAGGED filter', DOCKER_T, async (t) => {
    if (skipUnlessRegistry(t)) return;
    const key = (id) => `${id.imageDigest}|${id.imageTag ?? ''}`;
    const expectedTagged = [
      { imageDigest: digest.v1, imageTag: 'v1' },
      { imageDigest: digest.v1, imageTag: 'v2' },
      { imageDigest: digest.other, imageTag: 'latest' },
      { imageDigest: digest.other, imageTag: 'other' },
    ].map(key).sort();
    const expectedUntagged = [{ imageDigest: digest.stale }].map(key);

    const all = await listAllImages(name);
    assert.deepEqual(all.map(key).sort(), [...expectedTagged, ...expectedUntagged].sort());
    assert.deepEqual((await listAllImages(name, { tagStatus: 'ANY' })).map(key).sort(), [...expectedTagged, ...expectedUntagged].sort());
    assert.deepEqual((await listAllImages(name, { tagStatus: 'TAGGED' })).map(key).sort(), expectedTagged);
    const untagged = await listAllImages(name, { tagStatus: 'UNTAGGED' });
    assert.deepEqual(untagged.map(key), expectedUntagged);
    assert.equal(untagged[0].imageTag, undefined);
    assert.deepEqual((await listAllImages(name, undefined, 1)).map(key).sort(), [...expectedTagged, ...expectedUntagged].sort(), 'pages of one list the same');
  });

  it('DescribeImages: sorted imageTags, size, push time, manifest media type', DOCKER_T, async (t) => {
    if (skipUnlessRegistry(t)) return;
    const out = await ecr.send(new DescribeImagesCommand({ repositoryName: name }));
    const byDigest = new Map(out.imageDetails.map((d) => [d.imageDigest, d]));
    assert.equal(out.imageDetails.length, 3, `three images: ${JSON.stringify(out.imageDetails.map((d) => [d.imageDigest, d.imageTags]))}`);
    assert.deepEqual(byDigest.get(digest.v1).imageTags, ['v1', 'v2']);
    assert.deepEqual(byDigest.get(digest.other).imageTags, ['latest', 'other']);
    assert.deepEqual(byDigest.get(digest.stale).imageTags ?? [], []);
    const repo = await describeRepository(name);
    for (const d of out.imageDetails) {
      assert.equal(d.repositoryName, name);
      assert.equal(d.registryId, repo.registryId);
      assert.ok(d.imageSizeInBytes > 0, `imageSizeInBytes ${d.imageSizeInBytes}`);
      assert.ok(d.imagePushedAt instanceof Date, 'imagePushedAt is a timestamp');
      assert.ok(Math.abs(d.imagePushedAt.getTime() - Date.now()) < 10 * 60_000, `imagePushedAt ${d.imagePushedAt.toISOString()} is recent`);
      assert.ok([DOCKER_MANIFEST, OCI_MANIFEST].includes(d.imageManifestMediaType), `imageManifestMediaType ${d.imageManifestMediaType}`);
    }

    const one = await ecr.send(new DescribeImagesCommand({ repositoryName: name, imageIds: [{ imageTag: 'v2' }] }));
    assert.equal(one.imageDetails.length, 1);
    assert.equal(one.imageDetails[0].imageDigest, digest.v1);
    assert.deepEqual(one.imageDetails[0].imageTags, ['v1', 'v2']);
    const byId = await ecr.send(new DescribeImagesCommand({ repositoryName: name, imageIds: [{ imageDigest: digest.stale }] }));
    assert.equal(byId.imageDetails[0].imageDigest, digest.stale);

    const untagged = await ecr.send(new DescribeImagesCommand({ repositoryName: name, filter: { tagStatus: 'UNTAGGED' } }));
    assert.deepEqual(untagged.imageDetails.map((d) => d.imageDigest), [digest.stale]);
    const tagged = await ecr.send(new DescribeImagesCommand({ repositoryName: name, filter: { tagStatus: 'TAGGED' } }));
    assert.deepEqual(tagged.imageDetails.map((d) => d.imageDigest).sort(), [digest.v1, digest.other].sort());
  });

  it('BatchGetImage returns the manifest, whose sha256 is the digest, by tag and by digest', DOCKER_T, async (t) => {
    if (skipUnlessRegistry(t)) return;
    const out = await ecr.send(new BatchGetImageCommand({
      repositoryName: name,
      imageIds: [{ imageTag: 'v1' }, { imageDigest: digest.other }, { imageTag: 'nope' }],
    }));
    assert.equal(out.images.length, 2, JSON.stringify(out.failures));
    const [v1, byDigest] = out.images;
    assert.equal(v1.imageId.imageTag, 'v1');
    assert.equal(v1.imageId.imageDigest, digest.v1);
    assert.equal(byDigest.imageId.imageDigest, digest.other);
    for (const [image, expected] of [[v1, digest.v1], [byDigest, digest.other]]) {
      assert.equal(image.repositoryName, name);
      assert.equal(sha256(image.imageManifest), expected, 'sha256 of imageManifest is the digest');
      const manifest = JSON.parse(image.imageManifest);
      assert.equal(manifest.schemaVersion, 2);
      assert.ok([DOCKER_MANIFEST, OCI_MANIFEST].includes(image.imageManifestMediaType), `imageManifestMediaType ${image.imageManifestMediaType}`);
      if (manifest.mediaType) assert.equal(manifest.mediaType, image.imageManifestMediaType);
      assert.ok(manifest.layers.length >= 1);
      const described = await ecr.send(new DescribeImagesCommand({ repositoryName: name, imageIds: [{ imageDigest: expected }] }));
      const layerBytes = manifest.layers.reduce((n, l) => n + l.size, 0);
      assert.ok(described.imageDetails[0].imageSizeInBytes >= layerBytes, `imageSizeInBytes ${described.imageDetails[0].imageSizeInBytes} counts the layers (${layerBytes})`);
    }
    assert.deepEqual(out.failures.map((f) => [f.imageId.imageTag, f.failureCode]), [['nope', 'ImageNotFound']]);
  });

  it('BatchDeleteImage by tag removes just that tag; the image keeps its other tag', DOCKER_T, async (t) => {
    if (skipUnlessRegistry(t)) return;
    const out = await ecr.send(new BatchDeleteImageCommand({ repositoryName: name, imageIds: [{ imageTag: 'v1' }] }));
    assert.deepEqual(out.failures ?? [], []);
    assert.deepEqual(out.imageIds, [{ imageDigest: digest.v1, imageTag: 'v1' }]);
    const d = await ecr.send(new DescribeImagesCommand({ repositoryName: name, imageIds: [{ imageDigest: digest.v1 }] }));
    assert.deepEqual(d.imageDetails[0].imageTags, ['v2']);
    await expectError(ecr.send(new DescribeImagesCommand({ repositoryName: name, imageIds: [{ imageTag: 'v1' }] })), 'ImageNotFoundException');
    assert.equal(await registryManifestStatus(basic, name, 'v1'), 404, 'the registry no longer serves :v1');
    assert.equal(await registryManifestStatus(basic, name, 'v2'), 200, 'the registry still serves :v2');
  });

  it('a task runs an image of the repository, pulled with a registry token; a deleted tag cannot be pulled', DOCKER_T, async (t) => {
    if (skipUnlessRegistry(t)) return;
    // No local reference to either, so nothing but the registry can supply them. (The busybox image, not a
    // per-run one: Berth keeps stopped task containers for a while, and they hold on to their image.)
    await docker(['rmi', `${uri}:v2`]);
    await docker(['rmi', `${uri}:v1`]);
    const cluster = res.cluster(uniqueName('ecr-run'));
    await ecs.send(new CreateClusterCommand({ clusterName: cluster }));
    const runImage = async (image, command) => {
      const family = uniqueName('ecr-run');
      const td = await ecs.send(new RegisterTaskDefinitionCommand(fargateTaskDefinition(family, { image, command })));
      res.taskDefinition(td.taskDefinition.taskDefinitionArn);
      const out = await ecs.send(new RunTaskCommand({ cluster, taskDefinition: family }));
      assert.equal(out.failures?.length ?? 0, 0, JSON.stringify(out.failures));
      res.task(cluster, out.tasks[0].taskArn);
      return waitForTaskStatus(cluster, out.tasks[0].taskArn, 'STOPPED', 120_000);
    };

    const ok = await runImage(`${uri}:v2`, ['sh', '-c', 'exit 7']);
    assert.equal(ok.stopCode, 'EssentialContainerExited', `stoppedReason: ${ok.stoppedReason}`);
    assert.equal(ok.containers[0].exitCode, 7, 'the container ran');
    assert.equal(ok.containers[0].image, `${uri}:v2`);

    const gone = await runImage(`${uri}:v1`, ['true']);
    assert.equal(gone.stopCode, 'TaskFailedToStart');
    assert.ok(gone.stoppedReason?.startsWith('CannotPullContainerError:'), `stoppedReason: ${gone.stoppedReason}`);

    // ECS's Container.imageDigest is the manifest digest (what ECR and docker push show), not the local image id.
    assert.equal(ok.containers[0].imageDigest ?? digest.v2, digest.v2, 'imageDigest, when reported, is the manifest digest ECR shows');
  });

  it('BatchDeleteImage by digest removes the image', DOCKER_T, async (t) => {
    if (skipUnlessRegistry(t)) return;
    const out = await ecr.send(new BatchDeleteImageCommand({ repositoryName: name, imageIds: [{ imageDigest: digest.stale }] }));
    assert.deepEqual(out.failures ?? [], []);
    assert.deepEqual(out.imageIds.map((id) => id.imageDigest), [digest.stale]);
    await expectError(ecr.send(new DescribeImagesCommand({ repositoryName: name, imageIds: [{ imageDigest: digest.stale }] })), 'ImageNotFoundException');
    assert.ok(!(await listAllImages(name)).some((id) => id.imageDigest === digest.stale), 'no longer listed');
    assert.equal(await registryManifestStatus(basic, name, digest.stale), 404, 'the registry no longer serves it');
    const again = await ecr.send(new BatchDeleteImageCommand({ repositoryName: name, imageIds: [{ imageDigest: digest.stale }] }));
    assert.deepEqual(again.failures.map((f) => f.failureCode), ['ImageNotFound']);
  });

  it('an IMMUTABLE repository refuses a tag pushed again with other content, until made MUTABLE', DOCKER_T, async (t) => {
    if (skipUnlessRegistry(t)) return;
    const first = await pushOk(IMAGE, immutableUri, 'v1');
    const refused = await push(other, immutableUri, 'v1');
    assert.notEqual(refused.code, 0, `docker push of other content to an immutable tag must fail: ${refused.stdout}`);
    const still = await ecr.send(new DescribeImagesCommand({ repositoryName: immutableName, imageIds: [{ imageTag: 'v1' }] }));
    assert.equal(still.imageDetails[0].imageDigest, first, ':v1 still names the first image');
    const newTag = await pushOk(other, immutableUri, 'v2');
    assert.notEqual(newTag, first, 'a new tag is fine');

    await ecr.send(new PutImageTagMutabilityCommand({ repositoryName: immutableName, imageTagMutability: 'MUTABLE' }));
    const moved = await pushOk(other, immutableUri, 'v1');
    const now = await ecr.send(new DescribeImagesCommand({ repositoryName: immutableName, imageIds: [{ imageTag: 'v1' }] }));
    assert.equal(now.imageDetails[0].imageDigest, moved);
  });

  it('DeleteRepository refuses a repository with images (RepositoryNotEmptyException) unless force', DOCKER_T, async (t) => {
    if (skipUnlessRegistry(t)) return;
    await expectError(ecr.send(new DeleteRepositoryCommand({ repositoryName: name })), 'RepositoryNotEmptyException');
    assert.ok((await listAllImages(name)).length > 0, 'the images stay');
    const out = await ecr.send(new DeleteRepositoryCommand({ repositoryName: name, force: true }));
    assert.equal(out.repository.repositoryName, name);
    await expectError(ecr.send(new ListImagesCommand({ repositoryName: name })), 'RepositoryNotFoundException');
    await expectError(ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [name] })), 'RepositoryNotFoundException');

    // A repository created again under the name holds none of the old images.
    await createRepository(name);
    assert.deepEqual(await listAllImages(name), []);
    assert.equal(await registryManifestStatus(basic, name, 'v2'), 404, 'the registry no longer serves the old :v2');
  });
});
