// The AWS JSON 1.1 protocol and SigV4 authentication, exercised with raw fetch (signed by the SDK's signer).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { ECS_PREFIX, LOGS_PREFIX, assertAwsError, credentials, endpoint, rawRequest } from '../lib/berth.mjs';

const ListClusters = `${ECS_PREFIX}.ListClusters`;

describe('well-formed requests', () => {
  it('a signed ListClusters answers 200 with an AWS JSON 1.1 body and a request id', async () => {
    const res = await rawRequest({ target: ListClusters, body: {} });
    assert.equal(res.status, 200, res.text);
    assert.match(res.headers.get('content-type') ?? '', /^application\/x-amz-json-1\.1/);
    assert.ok(res.headers.get('x-amzn-requestid'), 'x-amzn-RequestId header');
    assert.ok(Array.isArray(res.json.clusterArns));
  });

  it('a signed Logs DescribeLogGroups answers 200', async () => {
    const res = await rawRequest({ target: `${LOGS_PREFIX}.DescribeLogGroups`, body: { limit: 1 } });
    assert.equal(res.status, 200, res.text);
    assert.ok(Array.isArray(res.json.logGroups));
  });

  it('unknown members of the input are ignored', async () => {
    const res = await rawRequest({ target: ListClusters, body: { maxResults: 1, somethingNew: { nested: [1, 2] } } });
    assert.equal(res.status, 200, res.text);
  });
});

describe('client errors are 400 with __type and message', () => {
  it('a malformed JSON body is SerializationException', async () => {
    const res = await rawRequest({ target: `${ECS_PREFIX}.CreateCluster`, body: '{"clusterName": "x",' });
    assertAwsError(res, 400, 'SerializationException');
  });

  it('a body that is JSON but not an object is SerializationException', async () => {
    const res = await rawRequest({ target: ListClusters, body: '[1,2,3]' });
    assertAwsError(res, 400, 'SerializationException');
  });

  it('a member of the wrong type (count: "two") is a 400', async () => {
    const res = await rawRequest({ target: `${ECS_PREFIX}.RunTask`, body: { taskDefinition: 'whatever', count: 'two' } });
    assertAwsError(res, 400);
  });

  it('a string where a list is expected is a 400', async () => {
    const res = await rawRequest({ target: `${ECS_PREFIX}.DescribeClusters`, body: { clusters: 'default' } });
    assertAwsError(res, 400);
  });

  it('an unknown operation is UnknownOperationException', async () => {
    const res = await rawRequest({ target: `${ECS_PREFIX}.LaunchRocket`, body: {} });
    assertAwsError(res, 400, 'UnknownOperationException');
  });

  it('an unknown service prefix is UnknownOperationException', async () => {
    const res = await rawRequest({ target: 'NotAService_20990101.ListClusters', body: {} });
    assertAwsError(res, 400, 'UnknownOperationException');
  });

  it('deeply nested JSON is a 400, not a crash', async () => {
    const res = await rawRequest({ target: ListClusters, body: `{"x":${'['.repeat(5000)}${']'.repeat(5000)}}` });
    assertAwsError(res, 400);
  });

  it('a number too large for its member (count: 1e20) is a 400', async () => {
    const res = await rawRequest({ target: `${ECS_PREFIX}.RunTask`, body: '{"taskDefinition":"x","count":100000000000000000000}' });
    assertAwsError(res, 400);
  });

  it('a fractional integer (maxResults: 1.5) is a 400', async () => {
    const res = await rawRequest({ target: ListClusters, body: '{"maxResults":1.5}' });
    assertAwsError(res, 400);
  });

  it('a body that is not UTF-8 is a 400', async () => {
    const res = await rawRequest({ target: `${ECS_PREFIX}.CreateCluster`, body: Buffer.from([0x7b, 0x22, 0x63, 0x6c, 0x75, 0x73, 0x74, 0x65, 0x72, 0x4e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]) });
    assertAwsError(res, 400);
  });

  it('a wrong timestamp type in Logs (timestamp: "soon") is a 400', async () => {
    const res = await rawRequest({
      target: `${LOGS_PREFIX}.PutLogEvents`,
      body: { logGroupName: 'g', logStreamName: 's', logEvents: [{ timestamp: 'soon', message: 'x' }] },
    });
    assertAwsError(res, 400);
  });

  it('an empty body is treated as {} or rejected with a 400, never a 5xx', async () => {
    const res = await rawRequest({ target: ListClusters, body: '' });
    assert.ok(res.status === 200 || res.status === 400, `status ${res.status}: ${res.text}`);
    if (res.status === 400) assertAwsError(res, 400);
  });

  it('a missing X-Amz-Target is a 400', async () => {
    const res = await rawRequest({ body: {} });
    assertAwsError(res, 400);
  });
});

describe('authentication errors are 403', () => {
  it('an unsigned request is MissingAuthenticationTokenException', async () => {
    const res = await rawRequest({ target: ListClusters, body: {}, sign: false });
    assertAwsError(res, 403, 'MissingAuthenticationTokenException');
  });

  it('an unknown access key is UnrecognizedClientException', async () => {
    const res = await rawRequest({
      target: ListClusters,
      body: {},
      creds: { accessKeyId: 'AKIDUNKNOWN000000000', secretAccessKey: credentials.secretAccessKey },
    });
    assertAwsError(res, 403, 'UnrecognizedClientException');
  });

  it('a wrong secret is InvalidSignatureException', async () => {
    const res = await rawRequest({
      target: ListClusters,
      body: {},
      creds: { accessKeyId: credentials.accessKeyId, secretAccessKey: `${credentials.secretAccessKey}-wrong` },
    });
    assertAwsError(res, 403, 'InvalidSignatureException');
  });

  it('a body changed after signing is InvalidSignatureException', async () => {
    const res = await rawRequest({ target: ListClusters, body: '{}', sendBody: '{"maxResults":1}' });
    assertAwsError(res, 403, 'InvalidSignatureException');
  });

  it('a request signed 10 minutes ago is InvalidSignatureException "Signature expired"', async () => {
    const res = await rawRequest({ target: ListClusters, body: {}, signingDate: new Date(Date.now() - 10 * 60_000) });
    assertAwsError(res, 403, 'InvalidSignatureException', /Signature expired/);
  });

  it('a request dated 10 minutes ahead is InvalidSignatureException', async () => {
    const res = await rawRequest({ target: ListClusters, body: {}, signingDate: new Date(Date.now() + 10 * 60_000) });
    assertAwsError(res, 403, 'InvalidSignatureException');
  });

  it('an Authorization header that is not SigV4 is a 403', async () => {
    const res = await rawRequest({ target: ListClusters, body: {}, sign: false, headers: { authorization: 'Basic Zm9vOmJhcg==' } });
    assertAwsError(res, 403);
  });
});

describe('other requests', () => {
  it('GET / is not a server error', async () => {
    const r = await fetch(`${endpoint}/`);
    await r.arrayBuffer();
    assert.ok(r.status < 500, `GET / answered ${r.status}`);
  });

  it('POST to another path is a 4xx', async () => {
    const r = await fetch(`${endpoint}/2014-11-13/clusters`, { method: 'POST', body: '{}' });
    await r.arrayBuffer();
    assert.ok(r.status >= 400 && r.status < 500, `answered ${r.status}`);
  });
});

describe('limits', () => {
  it('a body over 1 MiB is 413', async () => {
    const big = JSON.stringify({ clusterName: 'x'.repeat(1024 * 1024 + 100) });
    const res = await rawRequest({ target: `${ECS_PREFIX}.CreateCluster`, body: big });
    assertAwsError(res, 413);
  });

  it('a chunked body over 1 MiB (no Content-Length) is 413', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream({
      pull(controller) {
        if (sent >= 1024 * 1024 + 64 * 1024) {
          controller.close();
          return;
        }
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    let status;
    let text;
    try {
      const r = await fetch(`${endpoint}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': ListClusters },
        body: stream,
        duplex: 'half',
      });
      status = r.status;
      text = await r.text();
    } catch (e) {
      assert.fail(`the server should answer 413, not drop the connection: ${e.cause?.code ?? e.message}`);
    }
    assertAwsError({ status, text, json: JSON.parse(text) }, 413);
  });

  it('a body just under 1 MiB is not rejected for its size', async () => {
    const body = JSON.stringify({ maxResults: 1, padding: 'x'.repeat(1024 * 1024 - 100) });
    assert.ok(Buffer.byteLength(body) <= 1024 * 1024);
    const res = await rawRequest({ target: ListClusters, body });
    assert.equal(res.status, 200, res.text.slice(0, 300));
  });
});
