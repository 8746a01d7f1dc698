// The console signed in with an IAM user's key (made by root with the AWS SDK): it shows what the user's policies allow
// and nothing else. The user may describe one cluster of two and list what is in it; the other cluster is left out of
// the list, its page and the repositories say "Not authorized" naming the action to ask for — no crash, no endless
// Loading, no empty list passed off as success.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium } from 'playwright-core';
import {
  CreateAccessKeyCommand, CreateUserCommand, DeleteAccessKeyCommand, DeleteUserCommand, DeleteUserPolicyCommand, IAMClient, PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { CreateClusterCommand, DeleteClusterCommand } from '@aws-sdk/client-ecs';
import { credentials, ecs, endpoint, screenshotDir } from '../lib/setup.mjs';

const CHROMIUM = process.env.BERTH_CHROMIUM ?? '/usr/bin/chromium';
const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
const iam = new IAMClient({ endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
const user = `console-user-${run}`;
const allowed = `console-mine-${run}`, other = `console-theirs-${run}`;
const ignore = () => {};

let context, page, profile, key, mineArn;
let shot = 0;
const screenshot = async (name) => page.screenshot({ path: join(screenshotDir, `iam-${String(++shot).padStart(2, '0')}-${name}.png`), fullPage: true });

describe('web console as an IAM user', { timeout: 180_000 }, () => {
  before(async () => {
    mkdirSync(screenshotDir, { recursive: true });
    mineArn = (await ecs.send(new CreateClusterCommand({ clusterName: allowed }))).cluster.clusterArn;
    await ecs.send(new CreateClusterCommand({ clusterName: other }));
    await iam.send(new CreateUserCommand({ UserName: user }));
    key = (await iam.send(new CreateAccessKeyCommand({ UserName: user }))).AccessKey;
    await iam.send(new PutUserPolicyCommand({
      UserName: user, PolicyName: 'one-cluster', PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 'ecs:ListClusters', Resource: '*' },
          { Effect: 'Allow', Action: 'ecs:DescribeClusters', Resource: mineArn },
          { Effect: 'Allow', Action: ['ecs:List*', 'ecs:Describe*'], Resource: '*', Condition: { ArnEquals: { 'ecs:cluster': mineArn } } },
        ],
      }),
    }));
    profile = mkdtempSync(join(tmpdir(), 'berth-console-iam-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      chromiumSandbox: false,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1360, height: 900 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(20_000);
  });

  after(async () => {
    await context?.close().catch(ignore);
    if (profile) rmSync(profile, { recursive: true, force: true });
    await iam.send(new DeleteUserPolicyCommand({ UserName: user, PolicyName: 'one-cluster' })).catch(ignore);
    if (key) await iam.send(new DeleteAccessKeyCommand({ UserName: user, AccessKeyId: key.AccessKeyId })).catch(ignore);
    await iam.send(new DeleteUserCommand({ UserName: user })).catch(ignore);
    await ecs.send(new DeleteClusterCommand({ cluster: allowed })).catch(ignore);
    await ecs.send(new DeleteClusterCommand({ cluster: other })).catch(ignore);
  });

  it("signs in with the user's key and says who is signed in", async () => {
    await page.goto(`${endpoint}/console`);
    await page.getByLabel('Access key ID').fill(key.AccessKeyId);
    await page.getByLabel('Secret access key').fill(key.SecretAccessKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Clusters' }).waitFor();
    assert.equal((await page.locator('.sidebar-foot .user').innerText()).trim(), `user/${user}`);
  });

  it('lists only the cluster the user may describe, and says others are hidden', async () => {
    const table = page.getByRole('table', { name: 'Clusters' });
    await table.getByRole('link', { name: allowed }).waitFor();
    assert.equal(await table.getByRole('link', { name: other }).count(), 0, 'the other cluster is not listed');
    assert.match(await page.locator('.hidden-note').innerText(), /more clusters? (is|are) not shown: your policies do not allow ecs:DescribeClusters/);
    assert.equal(await page.getByRole('alert').count(), 0, 'no error on the page');
    await screenshot('clusters-as-user');
  });

  it("opens the allowed cluster's page", async () => {
    await page.getByRole('table', { name: 'Clusters' }).getByRole('link', { name: allowed }).click();
    await page.getByRole('heading', { name: allowed }).waitFor();
    await page.getByText('No services in this cluster').waitFor();
    assert.equal(await page.getByRole('alert').count(), 0);
  });

  it("shows the other cluster's page as not authorized, naming the action", async () => {
    await page.goto(`${endpoint}/console/#/clusters/${other}`);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    const text = await alert.innerText();
    assert.match(text, /^Not authorized/);
    // The page asks for the cluster, its services and its tasks at once: whichever refusal comes first is shown.
    const action = new RegExp(`User: arn:aws:iam::\\d{12}:user/${user} is not authorized to perform: (ecs:(DescribeClusters|ListServices|ListTasks))`).exec(text)?.[1];
    assert.ok(action, text);
    await page.getByText(`Your policies do not allow ${action}: ask for a policy that allows it.`).waitFor();
    assert.equal(await page.getByText('Loading…').count(), 0, 'not stuck loading');
    await screenshot('other-cluster-denied');
  });

  it('shows repositories as not authorized (no ECR permission at all)', async () => {
    await page.getByRole('link', { name: 'Repositories' }).click();
    await page.getByText('Your policies do not allow ecr:DescribeRepositories: ask for a policy that allows it.').waitFor();
    assert.match(await page.getByRole('alert').innerText(), /^Not authorized/);
    await screenshot('repositories-denied');
  });
});
