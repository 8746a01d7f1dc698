// ECR repository and registry settings with the JS SDK: scanning configuration, repository policies, the registry
// (DescribeRegistry, registry policies Berth does not have), image scans (Berth has no scanner and says so), lifecycle
// policies and tags — each round-tripping what was set, and refusing what is wrong with the model's errors.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';

import {
  CompleteLayerUploadCommand,
  CreateRepositoryCommand,
  DeleteLifecyclePolicyCommand,
  DeleteRegistryPolicyCommand,
  DeleteRepositoryPolicyCommand,
  DescribeImageScanFindingsCommand,
  DescribeRegistryCommand,
  DescribeRepositoriesCommand,
  GetLifecyclePolicyCommand,
  GetLifecyclePolicyPreviewCommand,
  GetRegistryPolicyCommand,
  GetRepositoryPolicyCommand,
  InitiateLayerUploadCommand,
  ListTagsForResourceCommand,
  PutImageCommand,
  PutImageScanningConfigurationCommand,
  PutLifecyclePolicyCommand,
  PutRegistryPolicyCommand,
  SetRepositoryPolicyCommand,
  StartImageScanCommand,
  StartLifecyclePolicyPreviewCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UploadLayerPartCommand,
} from '@aws-sdk/client-ecr';

import { Resources, assertNoServerErrors, ecr, expectError, uniqueName } from '../lib/berth.mjs';

const res = new Resources();
after(async () => {
  await res.cleanup();
  assertNoServerErrors();
});

const sha256 = (bytes) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

async function pushImage(repositoryName, tag, note) {
  const blobs = [Buffer.from(JSON.stringify({ os: 'linux', architecture: 'amd64', note })), Buffer.from(`layer ${note}`)];
  for (const bytes of blobs) {
    const { uploadId } = await ecr.send(new InitiateLayerUploadCommand({ repositoryName }));
    await ecr.send(new UploadLayerPartCommand({ repositoryName, uploadId, partFirstByte: 0, partLastByte: bytes.length - 1, layerPartBlob: bytes }));
    await ecr.send(new CompleteLayerUploadCommand({ repositoryName, uploadId, layerDigests: [sha256(bytes)] })).catch((e) => {
      if (e.name !== 'LayerAlreadyExistsException') throw e;
    });
  }
  const [config, layer] = blobs;
  const imageManifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', size: config.length, digest: sha256(config) },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', size: layer.length, digest: sha256(layer) }],
  });
  return (await ecr.send(new PutImageCommand({ repositoryName, imageManifest, imageTag: tag }))).image.imageId.imageDigest;
}

describe('ECR settings', () => {
  let repositoryName;
  let repositoryArn;

  before(async () => {
    repositoryName = res.repository(uniqueName('conf-settings'));
    repositoryArn = (await ecr.send(new CreateRepositoryCommand({ repositoryName, tags: [{ Key: 'team', Value: 'a' }] }))).repository.repositoryArn;
  });

  it('answers the scanning and encryption configurations and changes scanOnPush', async () => {
    let repo = (await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [repositoryName] }))).repositories[0];
    assert.deepEqual(repo.imageScanningConfiguration, { scanOnPush: false });
    assert.deepEqual(repo.encryptionConfiguration, { encryptionType: 'AES256' });
    const out = await ecr.send(new PutImageScanningConfigurationCommand({ repositoryName, imageScanningConfiguration: { scanOnPush: true } }));
    assert.deepEqual(out.imageScanningConfiguration, { scanOnPush: true });
    repo = (await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [repositoryName] }))).repositories[0];
    assert.deepEqual(repo.imageScanningConfiguration, { scanOnPush: true });
    await expectError(ecr.send(new PutImageScanningConfigurationCommand({ repositoryName: uniqueName('conf-none'), imageScanningConfiguration: { scanOnPush: true } })),
      'RepositoryNotFoundException');
    await expectError(ecr.send(new CreateRepositoryCommand({ repositoryName: uniqueName('conf-kms'), encryptionConfiguration: { encryptionType: 'KMS' } })),
      'InvalidParameterException', { message: 'KMS' });
  });

  it('sets, gets and deletes a repository policy, as given', async () => {
    await expectError(ecr.send(new GetRepositoryPolicyCommand({ repositoryName })), 'RepositoryPolicyNotFoundException');
    const policyText = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Sid: 'pull', Effect: 'Allow', Principal: { AWS: '*' }, Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'] }],
    }, null, 2);
    const set = await ecr.send(new SetRepositoryPolicyCommand({ repositoryName, policyText }));
    assert.equal(set.policyText, policyText);
    assert.equal((await ecr.send(new GetRepositoryPolicyCommand({ repositoryName }))).policyText, policyText);
    await expectError(ecr.send(new SetRepositoryPolicyCommand({ repositoryName, policyText: '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject"}]}' })),
      'InvalidParameterException', { message: 'not an ECR action' });
    await expectError(ecr.send(new SetRepositoryPolicyCommand({ repositoryName, policyText: 'nope' })), 'InvalidParameterException');
    assert.equal((await ecr.send(new GetRepositoryPolicyCommand({ repositoryName }))).policyText, policyText);
    assert.equal((await ecr.send(new DeleteRepositoryPolicyCommand({ repositoryName }))).policyText, policyText);
    await expectError(ecr.send(new DeleteRepositoryPolicyCommand({ repositoryName })), 'RepositoryPolicyNotFoundException');
  });

  it('describes the registry, which has no registry policy', async () => {
    const registry = await ecr.send(new DescribeRegistryCommand({}));
    assert.match(registry.registryId, /^\d{12}$/);
    assert.deepEqual(registry.replicationConfiguration, { rules: [] });
    await expectError(ecr.send(new GetRegistryPolicyCommand({})), 'RegistryPolicyNotFoundException');
    await expectError(ecr.send(new DeleteRegistryPolicyCommand({})), 'RegistryPolicyNotFoundException');
    await expectError(ecr.send(new PutRegistryPolicyCommand({ policyText: '{"Version":"2012-10-17","Statement":[]}' })),
      'InvalidParameterException', { message: 'not supported' });
  });

  it('says no scanner exists instead of inventing findings', async () => {
    const imageDigest = await pushImage(repositoryName, 'scan', 'scan');
    const started = await ecr.send(new StartImageScanCommand({ repositoryName, imageId: { imageTag: 'scan' } }));
    assert.equal(started.imageId.imageDigest, imageDigest);
    assert.equal(started.imageScanStatus.status, 'FAILED');
    assert.match(started.imageScanStatus.description, /no vulnerability scanner/);
    const findings = await ecr.send(new DescribeImageScanFindingsCommand({ repositoryName, imageId: { imageDigest } }));
    assert.equal(findings.imageScanStatus.status, 'FAILED');
    assert.equal(findings.imageScanFindings, undefined);
    await expectError(ecr.send(new DescribeImageScanFindingsCommand({ repositoryName, imageId: { imageTag: 'absent' } })), 'ImageNotFoundException');
  });

  it('keeps a lifecycle policy that acts: the preview expires what the rules select', async () => {
    await pushImage(repositoryName, 'v1', 'one');
    await pushImage(repositoryName, 'v2', 'two');
    await pushImage(repositoryName, 'v3', 'three');
    const lifecyclePolicyText = JSON.stringify({
      rules: [{ rulePriority: 1, description: 'keep two v', selection: { tagStatus: 'tagged', tagPrefixList: ['v'], countType: 'imageCountMoreThan', countNumber: 2 }, action: { type: 'expire' } }],
    });
    await ecr.send(new PutLifecyclePolicyCommand({ repositoryName, lifecyclePolicyText }));
    assert.equal((await ecr.send(new GetLifecyclePolicyCommand({ repositoryName }))).lifecyclePolicyText, lifecyclePolicyText);
    await ecr.send(new StartLifecyclePolicyPreviewCommand({ repositoryName }));
    const preview = await ecr.send(new GetLifecyclePolicyPreviewCommand({ repositoryName }));
    assert.deepEqual(preview.previewResults.map((r) => r.imageTags), [['v1']]);
    await expectError(ecr.send(new PutLifecyclePolicyCommand({ repositoryName, lifecyclePolicyText: '{"rules":[]}' })), 'InvalidParameterException');
    await ecr.send(new DeleteLifecyclePolicyCommand({ repositoryName }));
    await expectError(ecr.send(new GetLifecyclePolicyCommand({ repositoryName })), 'LifecyclePolicyNotFoundException');
  });

  it('round-trips tags', async () => {
    await ecr.send(new TagResourceCommand({ resourceArn: repositoryArn, tags: [{ Key: 'env', Value: 'test' }, { Key: 'team', Value: 'b' }] }));
    await ecr.send(new UntagResourceCommand({ resourceArn: repositoryArn, tagKeys: ['env'] }));
    const { tags } = await ecr.send(new ListTagsForResourceCommand({ resourceArn: repositoryArn }));
    assert.deepEqual(tags, [{ Key: 'team', Value: 'b' }]);
  });
});
