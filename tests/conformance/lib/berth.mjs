// Shared helpers for the Berth conformance suite.
//
// Kept outside test/ on purpose: node's test runner (v20) runs every .mjs file under a
// directory named "test" as a test file.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  DeleteClusterCommand,
  DeleteServiceCommand,
  DeleteTaskDefinitionsCommand,
  DeregisterTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
  StopTaskCommand,
} from '@aws-sdk/client-ecs';
import { CloudWatchLogsClient, DeleteLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DeleteRepositoryCommand, ECRClient } from '@aws-sdk/client-ecr';
import { DeleteSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DeleteParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';

// ---------------------------------------------------------------------------------------------
// Configuration from the environment
// ---------------------------------------------------------------------------------------------

export const endpoint = (process.env.BERTH_ENDPOINT ?? 'http://localhost:4566').replace(/\/+$/, '');
export const region = 'us-east-1';
export const credentials = {
  accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? process.env.BERTH_ROOT_ACCESS_KEY_ID,
  secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? process.env.BERTH_ROOT_SECRET_ACCESS_KEY,
};
if (!credentials.accessKeyId || !credentials.secretAccessKey) {
  throw new Error(
    'Set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or BERTH_ROOT_ACCESS_KEY_ID/BERTH_ROOT_SECRET_ACCESS_KEY to the credentials of the Berth server under test.',
  );
}

export const ECS_PREFIX = 'AmazonEC2ContainerServiceV20141113';
export const LOGS_PREFIX = 'Logs_20140328';
export const ECR_PREFIX = 'AmazonEC2ContainerRegistry_V20150921';
export const SECRETS_PREFIX = 'secretsmanager';
export const SSM_PREFIX = 'AmazonSSM';

/** The image every task runs: a scratch image holding a static busybox, built by ensureImage(). */
export const IMAGE = 'berth-conformance/busybox:1';

/** Commands for long-running containers that exit at once on SIGTERM (busybox sh as PID 1 ignores it otherwise). */
export const longRunning = (prelude = 'echo hello') => ['sh', '-c', `${prelude}; trap 'exit 0' TERM; sleep 300 & wait`];

// ---------------------------------------------------------------------------------------------
// Clients: no retries, so a 5xx or a throttle shows up as the failure it is
// ---------------------------------------------------------------------------------------------

/** Every response with a 5xx status seen by the SDK clients of this process. */
export const serverErrors = [];

function watch5xx(client) {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      try {
        const out = await next(args);
        const status = out.response?.statusCode;
        if (status >= 500) serverErrors.push(`${context.commandName}: HTTP ${status}`);
        return out;
      } catch (e) {
        const status = e?.$metadata?.httpStatusCode ?? e?.$response?.statusCode;
        if (status >= 500) serverErrors.push(`${context.commandName}: HTTP ${status} ${e.name}: ${e.message}`);
        throw e;
      }
    },
    { step: 'deserialize', name: 'berthWatch5xx', priority: 'low' },
  );
  return client;
}

const clientConfig = { endpoint, region, credentials, maxAttempts: 1 };

/** A client of any SDK package with the suite's settings and the 5xx watch; creds to sign as someone else than the root. */
export const sdkClient = (Client, creds = credentials) => watch5xx(new Client({ ...clientConfig, credentials: creds }));

export const ecs = watch5xx(new ECSClient(clientConfig));
export const logs = watch5xx(new CloudWatchLogsClient(clientConfig));
export const ecr = watch5xx(new ECRClient(clientConfig));
export const secretsManager = watch5xx(new SecretsManagerClient(clientConfig));
export const ssm = watch5xx(new SSMClient(clientConfig));

/** Use in an after() hook: fails the file when any SDK call of it got a 5xx. */
export function assertNoServerErrors() {
  assert.deepEqual(serverErrors, [], 'no request may yield a 5xx');
}

// ---------------------------------------------------------------------------------------------
// The AWS CLI v2 (botocore's own parser), with the suite's credentials and nothing from a profile
// ---------------------------------------------------------------------------------------------

export const AWS_CLI = existsSync('/usr/bin/aws') ? '/usr/bin/aws' : 'aws';
export const cliEnv = {
  ...process.env,
  AWS_ACCESS_KEY_ID: credentials.accessKeyId,
  AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
  AWS_DEFAULT_REGION: region,
  AWS_PAGER: '',
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
};
delete cliEnv.AWS_SESSION_TOKEN;
delete cliEnv.AWS_PROFILE;

/** Runs `aws SERVICE ...` against Berth and returns its JSON answer. */
export function cli(...args) {
  const out = execFileSync(AWS_CLI, [...args, '--endpoint-url', endpoint, '--output', 'json'], { env: cliEnv, encoding: 'utf8' });
  return out.trim() ? JSON.parse(out) : {};
}

/** Runs `aws SERVICE ...` expecting the service's error: the CLI's exit status 254 and its line naming the code. Returns stderr. */
export function cliFails(code, ...args) {
  const r = spawnSync(AWS_CLI, [...args, '--endpoint-url', endpoint], { env: cliEnv, encoding: 'utf8' });
  assert.equal(r.status, 254, `expected ${code}, got status ${r.status}: ${r.stdout}${r.stderr}`);
  assert.match(r.stderr, new RegExp(`An error occurred \\(${code.replaceAll('.', '\\.')}\\) when calling the \\w+ operation: `));
  return r.stderr;
}

// ---------------------------------------------------------------------------------------------
// Names, polling, errors
// ---------------------------------------------------------------------------------------------

/** Unique per process (each test file runs in its own process) and per run. */
export const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
let counter = 0;
/** A name unique to this run: letters, digits and hyphens only, so it fits cluster, family and log group rules. */
export function uniqueName(prefix) {
  counter += 1;
  return `conf-${prefix}-${runId}-${counter}`;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Polls fn until it returns a truthy value, which is returned. A thrown error counts as "not yet"
 * and is reported when the time is up.
 */
export async function waitFor(fn, timeoutMs = 60_000, intervalMs = 500) {
  const deadline = Date.now() + timeoutMs;
  let last;
  let lastError;
  for (;;) {
    try {
      last = await fn();
      lastError = undefined;
      if (last) return last;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() >= deadline) {
      const detail = lastError ? `last error: ${lastError.name}: ${lastError.message}` : `last value: ${JSON.stringify(last)}`;
      throw new Error(`waitFor timed out after ${timeoutMs} ms (${detail})`);
    }
    await sleep(intervalMs);
  }
}

/**
 * Awaits a call that must fail with the named AWS error (e.name is the __type without its namespace).
 * Checks it is a 4xx (400 unless told) and, if given, that the message matches. Returns the error.
 */
export async function expectError(promise, name, { status = 400, message } = {}) {
  let result;
  try {
    result = await promise;
  } catch (e) {
    assert.equal(e.name, name, `expected ${name}, got ${e.name}: ${e.message}`);
    assert.equal(e.$metadata?.httpStatusCode, status, `HTTP status of ${name}`);
    assert.equal(typeof e.message, 'string');
    if (message instanceof RegExp) assert.match(e.message, message);
    else if (typeof message === 'string') assert.ok(e.message.includes(message), `message "${e.message}" should contain "${message}"`);
    return e;
  }
  assert.fail(`expected ${name}, but the call succeeded: ${JSON.stringify(result).slice(0, 500)}`);
}

export const taskId = (taskArn) => taskArn.split('/').pop();

/** The account id of an ARN (arn:aws:ecs:region:account:...). */
export const accountOf = (arn) => arn.split(':')[4];

/** Describes one task (by ARN) in a cluster. */
export async function describeTask(cluster, arn, include) {
  const out = await ecs.send(new DescribeTasksCommand({ cluster, tasks: [arn], include }));
  assert.equal(out.failures?.length ?? 0, 0, `DescribeTasks failures: ${JSON.stringify(out.failures)}`);
  assert.equal(out.tasks.length, 1);
  return out.tasks[0];
}

/** Waits until the task's lastStatus is the one given (or, for anything but STOPPED, until it is STOPPED too early). */
export async function waitForTaskStatus(cluster, arn, status, timeoutMs = 90_000) {
  return waitFor(async () => {
    const t = await describeTask(cluster, arn);
    if (t.lastStatus === status) return t;
    if (status !== 'STOPPED' && t.lastStatus === 'STOPPED') {
      throw new assert.AssertionError({
        message: `task stopped before reaching ${status}: ${t.stopCode} ${t.stoppedReason}`,
      });
    }
    return undefined;
  }, timeoutMs);
}

// ---------------------------------------------------------------------------------------------
// The task image
// ---------------------------------------------------------------------------------------------

function isStatic(path) {
  try {
    const out = execFileSync('ldd', [path], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return /not a dynamic executable|statically linked/.test(out);
  } catch (e) {
    // ldd exits non-zero for static binaries on some systems.
    return /not a dynamic executable|statically linked/.test(`${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
}

let imageBuilt = false;
/** Builds berth-conformance/busybox:1 on the local Docker engine (FROM scratch + a static busybox). */
export function ensureImage() {
  if (imageBuilt) return IMAGE;
  if (!existsSync('/bin/busybox') || !isStatic('/bin/busybox')) {
    execFileSync('apt-get', ['update'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', 'busybox-static'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  }
  const dir = mkdtempSync(join(tmpdir(), 'berth-conf-image-'));
  try {
    mkdirSync(join(dir, 'bin'));
    cpSync('/bin/busybox', join(dir, 'bin', 'busybox'));
    for (const applet of ['sh', 'sleep', 'echo', 'cat', 'env', 'printenv', 'true', 'false', 'ls']) {
      symlinkSync('busybox', join(dir, 'bin', applet));
    }
    writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\nCOPY bin/ /bin/\nCMD ["sh"]\n');
    execFileSync('docker', ['build', '-q', '-t', IMAGE, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  imageBuilt = true;
  return IMAGE;
}

/** A Fargate task definition input with one essential container of the busybox image. */
export function fargateTaskDefinition(family, container = {}, extra = {}) {
  return {
    family,
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu: '256',
    memory: '512',
    containerDefinitions: [{ name: 'app', image: IMAGE, essential: true, stopTimeout: 2, command: longRunning(), ...container }],
    ...extra,
  };
}

// ---------------------------------------------------------------------------------------------
// Cleanup
// ---------------------------------------------------------------------------------------------

const ignore = () => {};

/**
 * Records what a test file creates so an after() hook can remove it: tasks are stopped, clusters
 * deleted once their tasks have stopped, task definitions deregistered and deleted, log groups deleted,
 * ECR repositories deleted with their images (force), secrets deleted without recovery, parameters deleted.
 */
export class Resources {
  clusters = new Set();
  tasks = new Map(); // arn -> cluster
  taskDefinitions = new Set();
  logGroups = new Set();
  repositories = new Set();
  secrets = new Set();
  parameters = new Set();
  services = new Map(); // "cluster/name" -> [cluster, name]

  service(cluster, name) { this.services.set(`${cluster}/${name}`, [cluster, name]); return name; }
  cluster(name) { this.clusters.add(name); return name; }
  task(cluster, arn) { this.tasks.set(arn, cluster); return arn; }
  taskDefinition(arn) { this.taskDefinitions.add(arn); return arn; }
  logGroup(name) { this.logGroups.add(name); return name; }
  repository(name) { this.repositories.add(name); return name; }
  secret(name) { this.secrets.add(name); return name; }
  parameter(name) { this.parameters.add(name); return name; }

  async cleanup() {
    // Services first, or their scheduler would replace the tasks stopped below.
    for (const [cluster, service] of this.services.values()) {
      await ecs.send(new DeleteServiceCommand({ cluster, service, force: true })).catch(ignore);
    }
    // Every task of our clusters, tracked or not.
    for (const cluster of this.clusters) {
      let nextToken;
      do {
        const page = await ecs.send(new ListTasksCommand({ cluster, nextToken })).catch(() => ({}));
        for (const arn of page.taskArns ?? []) this.tasks.set(arn, cluster);
        nextToken = page.nextToken;
      } while (nextToken);
    }
    for (const [arn, cluster] of this.tasks) {
      await ecs.send(new StopTaskCommand({ cluster, task: arn, reason: 'conformance cleanup' })).catch(ignore);
    }
    const stopping = [...this.tasks];
    await waitFor(async () => {
      for (const [arn, cluster] of stopping) {
        const out = await ecs.send(new DescribeTasksCommand({ cluster, tasks: [arn] })).catch(() => null);
        const t = out?.tasks?.[0];
        if (t && t.lastStatus !== 'STOPPED') return false;
      }
      return true;
    }, 60_000, 1_000).catch(ignore);
    for (const cluster of this.clusters) {
      await waitFor(async () => {
        try {
          await ecs.send(new DeleteClusterCommand({ cluster }));
          return true;
        } catch (e) {
          if (e.name === 'ClusterNotFoundException') return true;
          throw e;
        }
      }, 30_000, 1_000).catch(ignore);
    }
    for (const arn of this.taskDefinitions) {
      await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: arn })).catch(ignore);
    }
    const defs = [...this.taskDefinitions];
    for (let i = 0; i < defs.length; i += 10) {
      await ecs.send(new DeleteTaskDefinitionsCommand({ taskDefinitions: defs.slice(i, i + 10) })).catch(ignore);
    }
    for (const name of this.logGroups) {
      await logs.send(new DeleteLogGroupCommand({ logGroupName: name })).catch(ignore);
    }
    for (const name of this.repositories) {
      await ecr.send(new DeleteRepositoryCommand({ repositoryName: name, force: true })).catch(ignore);
    }
    for (const name of this.secrets) {
      await secretsManager.send(new DeleteSecretCommand({ SecretId: name, ForceDeleteWithoutRecovery: true })).catch(ignore);
    }
    for (const name of this.parameters) {
      await ssm.send(new DeleteParameterCommand({ Name: name })).catch(ignore);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Raw requests
// ---------------------------------------------------------------------------------------------

/** The credential-scope service name the SDK uses for a target prefix. */
export const serviceOf = (target) => {
  if (target.startsWith(LOGS_PREFIX)) return 'logs';
  if (target.startsWith(ECR_PREFIX)) return 'ecr';
  if (target.startsWith(`${SECRETS_PREFIX}.`)) return 'secretsmanager';
  if (target.startsWith(`${SSM_PREFIX}.`)) return 'ssm';
  if (target.startsWith('Route53AutoNaming_v20170314.')) return 'servicediscovery';
  return 'ecs';
};

/**
 * Sends POST / with raw fetch. body is a string or bytes (sent as is) or an object (JSON-encoded).
 * sign: false for an unsigned request; creds / signingDate to sign with other credentials or time;
 * sendBody to send another body than the one signed.
 * Returns { status, headers, text, json } where json is the parsed body or undefined.
 */
export async function rawRequest({ target, body = {}, sign = true, creds = credentials, signingDate, headers = {}, sendBody }) {
  const url = new URL(`${endpoint}/`);
  const payload = typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body);
  let reqHeaders = {
    host: url.host,
    'content-type': 'application/x-amz-json-1.1',
    ...(target ? { 'x-amz-target': target } : {}),
    ...headers,
  };
  if (sign) {
    const signer = new SignatureV4({ credentials: creds, region, service: serviceOf(target ?? ''), sha256: Sha256 });
    const signed = await signer.sign(
      { method: 'POST', protocol: url.protocol, hostname: url.hostname, port: url.port ? Number(url.port) : undefined, path: '/', query: {}, headers: reqHeaders, body: payload },
      signingDate ? { signingDate } : {},
    );
    reqHeaders = signed.headers;
  }
  const { host, ...sendHeaders } = reqHeaders; // fetch sets Host itself, to the same value
  const res = await fetch(url, { method: 'POST', headers: sendHeaders, body: sendBody ?? payload });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** Asserts a raw response is an AWS JSON error of the given status and __type (namespace-qualified or not). */
export function assertAwsError(res, status, type, messagePattern) {
  assert.equal(res.status, status, `HTTP status (body: ${res.text.slice(0, 300)})`);
  assert.ok(res.json && typeof res.json === 'object', `error body must be JSON, got: ${res.text.slice(0, 300)}`);
  assert.equal(typeof res.json.__type, 'string', 'error body has __type');
  const { message } = res.json;
  assert.equal(typeof message, 'string', 'error body has message');
  if (type) assert.equal(res.json.__type.split('#').pop(), type);
  if (messagePattern) assert.match(message, messagePattern);
}
