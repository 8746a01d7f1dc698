// ECR's own push and pull API with the JS SDK: InitiateLayerUpload/UploadLayerPart/CompleteLayerUpload,
// BatchCheckLayerAvailability, PutImage, BatchGetImage, GetDownloadUrlForLayer (a URL fetched with no credentials),
// and the errors AWS documents for each; the image pushed so is then served by the /v2/ registry.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';

import {
  BatchCheckLayerAvailabilityCommand,
  BatchGetImageCommand,
  CompleteLayerUploadCommand,
  CreateRepositoryCommand,
  DescribeImagesCommand,
  GetAuthorizationTokenCommand,
  GetDownloadUrlForLayerCommand,
  InitiateLayerUploadCommand,
  PutImageCommand,
  UploadLayerPartCommand,
} from '@aws-sdk/client-ecr';

import { Resources, assertNoServerErrors, ecr, endpoint, expectError, uniqueName } from '../lib/berth.mjs';

const res = new Resources();
after(async () => {
  await res.cleanup();
  assertNoServerErrors();
});

const sha256 = (bytes) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';

/** Uploads bytes through the layer API in parts of partSize; returns the digest. */
async function upload(repositoryName, bytes, partSize = 1000) {
  const { uploadId, partSize: suggested } = await ecr.send(new InitiateLayerUploadCommand({ repositoryName }));
  assert.match(uploadId, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  assert.ok(suggested > 0);
  for (let first = 0; first < bytes.length; first += partSize) {
    const part = bytes.subarray(first, first + partSize);
    const out = await ecr.send(new UploadLayerPartCommand({
      repositoryName, uploadId, partFirstByte: first, partLastByte: first + part.length - 1, layerPartBlob: part,
    }));
    assert.equal(out.lastByteReceived, first + part.length - 1);
    assert.equal(out.uploadId, uploadId);
  }
  const digest = sha256(bytes);
  const done = await ecr.send(new CompleteLayerUploadCommand({ repositoryName, uploadId, layerDigests: [digest] }));
  assert.equal(done.layerDigest, digest);
  return digest;
}

describe('ECR layer API', () => {
  let repositoryName;
  const layer = Buffer.from('a layer of bytes, '.repeat(400));
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } }));
  let manifest;

  before(async () => {
    repositoryName = res.repository(uniqueName('conf-layers'));
    await ecr.send(new CreateRepositoryCommand({ repositoryName, imageTagMutability: 'IMMUTABLE' }));
  });

  it('uploads layers in parts and reports them available', async () => {
    const layerDigest = await upload(repositoryName, layer);
    const configDigest = await upload(repositoryName, config, 64);
    const missing = `sha256:${'0'.repeat(64)}`;
    const out = await ecr.send(new BatchCheckLayerAvailabilityCommand({ repositoryName, layerDigests: [layerDigest, configDigest, missing, 'nope'] }));
    assert.deepEqual(out.layers.map((l) => [l.layerDigest, l.layerAvailability, l.layerSize]),
      [[layerDigest, 'AVAILABLE', layer.length], [configDigest, 'AVAILABLE', config.length]]);
    assert.deepEqual(out.failures.map((f) => [f.layerDigest, f.failureCode]), [[missing, 'MissingLayerDigest'], ['nope', 'InvalidLayerDigest']]);
    manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: DOCKER_MANIFEST,
      config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: config.length, digest: configDigest },
      layers: [{ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', size: layer.length, digest: layerDigest }],
    });
  });

  it('refuses parts out of place, bad digests and unknown uploads', async () => {
    const { uploadId } = await ecr.send(new InitiateLayerUploadCommand({ repositoryName }));
    await ecr.send(new UploadLayerPartCommand({ repositoryName, uploadId, partFirstByte: 0, partLastByte: 2, layerPartBlob: Buffer.from('abc') }));
    await expectError(ecr.send(new UploadLayerPartCommand({ repositoryName, uploadId, partFirstByte: 4, partLastByte: 6, layerPartBlob: Buffer.from('def') })),
      'InvalidLayerPartException', { message: 'start at byte 3' });
    await expectError(ecr.send(new UploadLayerPartCommand({ repositoryName, uploadId, partFirstByte: 3, partLastByte: 9, layerPartBlob: Buffer.from('def') })),
      'InvalidLayerPartException');
    await expectError(ecr.send(new CompleteLayerUploadCommand({ repositoryName, uploadId, layerDigests: [sha256(Buffer.from('abd'))] })),
      'InvalidLayerException');
    await expectError(ecr.send(new CompleteLayerUploadCommand({ repositoryName, uploadId, layerDigests: [sha256(Buffer.from('abc'))] })),
      'UploadNotFoundException');
    const empty = await ecr.send(new InitiateLayerUploadCommand({ repositoryName }));
    await expectError(ecr.send(new CompleteLayerUploadCommand({ repositoryName, uploadId: empty.uploadId, layerDigests: [sha256(Buffer.from('x'))] })),
      'EmptyUploadException');
    await expectError(upload(repositoryName, layer), 'LayerAlreadyExistsException');
    await expectError(ecr.send(new InitiateLayerUploadCommand({ repositoryName: uniqueName('conf-none') })), 'RepositoryNotFoundException');
  });

  it('puts an image, refuses it twice and an immutable tag moved, and reads it back', async () => {
    const missingLayers = manifest.replaceAll(/sha256:[0-9a-f]{64}/g, `sha256:${'1'.repeat(64)}`);
    await expectError(ecr.send(new PutImageCommand({ repositoryName, imageManifest: missingLayers, imageTag: 'x' })), 'LayersNotFoundException');
    await expectError(ecr.send(new PutImageCommand({ repositoryName, imageManifest: manifest, imageTag: 'v1', imageDigest: `sha256:${'2'.repeat(64)}` })),
      'ImageDigestDoesNotMatchException');
    const out = await ecr.send(new PutImageCommand({ repositoryName, imageManifest: manifest, imageTag: 'v1' }));
    assert.equal(out.image.imageId.imageDigest, sha256(Buffer.from(manifest)));
    assert.equal(out.image.imageId.imageTag, 'v1');
    assert.equal(out.image.imageManifestMediaType, DOCKER_MANIFEST);
    assert.equal(out.image.imageManifest, manifest);
    await expectError(ecr.send(new PutImageCommand({ repositoryName, imageManifest: manifest, imageTag: 'v1' })), 'ImageAlreadyExistsException');
    const other = JSON.stringify({ ...JSON.parse(manifest), annotations: { n: '2' } });
    await expectError(ecr.send(new PutImageCommand({ repositoryName, imageManifest: other, imageTag: 'v1' })), 'ImageTagAlreadyExistsException');

    const got = await ecr.send(new BatchGetImageCommand({ repositoryName, imageIds: [{ imageTag: 'v1' }] }));
    assert.equal(got.images[0].imageManifest, manifest);
    const described = await ecr.send(new DescribeImagesCommand({ repositoryName, imageIds: [{ imageTag: 'v1' }] }));
    assert.equal(described.imageDetails[0].imageSizeInBytes, layer.length + config.length);
  });

  it('hands out a download URL a plain GET fetches, and the /v2/ registry serves the same image', async () => {
    const layerDigest = JSON.parse(manifest).layers[0].digest;
    const out = await ecr.send(new GetDownloadUrlForLayerCommand({ repositoryName, layerDigest }));
    assert.equal(out.layerDigest, layerDigest);
    const fetched = Buffer.from(await (await fetch(out.downloadUrl)).arrayBuffer());
    assert.equal(sha256(fetched), layerDigest);
    await expectError(ecr.send(new GetDownloadUrlForLayerCommand({ repositoryName, layerDigest: `sha256:${'3'.repeat(64)}` })), 'LayersNotFoundException');
    await expectError(ecr.send(new GetDownloadUrlForLayerCommand({ repositoryName, layerDigest: 'not a digest' })), 'InvalidParameterException');

    const token = (await ecr.send(new GetAuthorizationTokenCommand({}))).authorizationData[0].authorizationToken;
    const v2 = await fetch(`${endpoint}/v2/${repositoryName}/manifests/v1`, { headers: { Authorization: `Basic ${token}` } });
    assert.equal(v2.status, 200);
    assert.equal(v2.headers.get('content-type'), DOCKER_MANIFEST);
    assert.equal(await v2.text(), manifest);
  });
});
