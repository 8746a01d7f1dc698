// The web console end to end: the real berthd at $BERTH_ENDPOINT, Debian's chromium driven by playwright-core.
// A service of 2 busybox tasks is set up with the AWS SDK; then a person's walk through the console, a screenshot per step.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium } from 'playwright-core';
import { cleanup, cleanupExtras, createExtras, createService, credentials, describeService, endpoint, ensureImage, runningTaskIds, screenshotDir, waitFor } from '../lib/setup.mjs';

const CHROMIUM = process.env.BERTH_CHROMIUM ?? '/usr/bin/chromium';
const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
const STEP_MS = 60_000;

let context, page, profile, res, extras;
let shot = 0;
const screenshot = async (name) => page.screenshot({ path: join(screenshotDir, `${String(++shot).padStart(2, '0')}-${name}.png`), fullPage: true });
const serviceTasks = () => page.locator('table[aria-label="Service tasks"] tbody tr');

/** Task ids (from the rows' keys) whose last status is RUNNING in the service's task table, as the page shows them now. */
const runningInPage = () => page.evaluate(() => Array.from(document.querySelectorAll('table[aria-label="Service tasks"] tbody tr'))
  .filter((r) => r.querySelector('.badge')?.getAttribute('data-state') === 'RUNNING')
  .map((r) => r.getAttribute('data-key').split('/').pop()));

describe('web console', { timeout: 240_000 }, () => {
  before(async () => {
    mkdirSync(screenshotDir, { recursive: true });
    ensureImage();
    res = await createService(run, 2);
    extras = await createExtras(run);
    await waitFor(async () => (await describeService(res.cluster, res.service))?.runningCount === 2, 90_000, 1000, 'the service to run 2 tasks');
    profile = mkdtempSync(join(tmpdir(), 'berth-console-chromium-'));
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
    await context?.close().catch(() => {});
    if (profile) rmSync(profile, { recursive: true, force: true });
    await cleanup(res);
    await cleanupExtras(extras);
  });

  it('refuses a wrong secret and shows why', { timeout: STEP_MS }, async () => {
    await page.goto(`${endpoint}/console`);
    await page.getByRole('heading', { name: 'Sign in to the console' }).waitFor();
    await screenshot('login');
    await page.getByLabel('Access key ID').fill(credentials.accessKeyId);
    await page.getByLabel('Secret access key').fill('not-the-secret');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.innerText(), /not right/);
    const cookies = await context.cookies(`${endpoint}/console/`);
    assert.equal(cookies.length, 0, 'no session cookie after a wrong secret');
    await screenshot('wrong-secret');
  });

  it('signs in with the key pair: an HttpOnly strict cookie, nothing in browser storage', { timeout: STEP_MS }, async () => {
    await page.getByLabel('Secret access key').fill(credentials.secretAccessKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Clusters' }).waitFor();
    const [cookie] = await context.cookies(`${endpoint}/console/`);
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Strict');
    assert.equal(await page.evaluate(() => localStorage.length + sessionStorage.length), 0);
    assert.ok(!(await page.evaluate(() => document.cookie)).includes('berth_console'), 'the session cookie is not readable by scripts');
    // The cookie alone is not enough for an API call: the CSRF header must come with it.
    const status = await page.evaluate(async () => (await fetch('api/aws', { method: 'POST', headers: { 'x-amz-target': 'AmazonEC2ContainerServiceV20141113.ListClusters', 'content-type': 'application/x-amz-json-1.1' }, body: '{}' })).status);
    assert.equal(status, 403);
  });

  it('lists the cluster with its counts', { timeout: STEP_MS }, async () => {
    const row = page.locator('table[aria-label="Clusters"] tbody tr', { hasText: res.cluster });
    await row.waitFor();
    await waitFor(async () => (await row.locator('td').nth(3).innerText()).trim() === '2', 20_000, 500, 'the cluster row to show 2 running tasks');
    assert.equal((await row.locator('td').nth(2).innerText()).trim(), '1', 'one service');
    await screenshot('clusters');
  });

  it('shows the running service at 2/2', { timeout: STEP_MS }, async () => {
    await page.getByRole('link', { name: res.cluster }).click();
    const svc = page.locator('table[aria-label="Services"] tbody tr', { hasText: res.service });
    await svc.locator('[data-counts="2/2"]').waitFor();
    assert.match(await svc.innerText(), /ACTIVE/);
    await screenshot('cluster');
    await svc.getByRole('link', { name: res.service }).click();
    await page.locator('[data-testid=running]', { hasText: '2' }).waitFor();
    assert.equal(await page.locator('[data-testid=desired]').innerText(), '2');
    await waitFor(async () => (await runningInPage()).length === 2, 20_000, 500, 'two RUNNING tasks in the service page');
    assert.match(await page.locator('table[aria-label="Deployments"]').innerText(), /PRIMARY/);
    await screenshot('service');
  });

  let stopped;
  it('stops a task and, without a reload, sees a replacement start', { timeout: 120_000 }, async () => {
    await page.evaluate(() => { window.__sameDocument = true; });
    [stopped] = await runningInPage();
    await serviceTasks().filter({ has: page.locator(`[data-key$="${stopped}"]`) }).first().waitFor().catch(() => {});
    await page.locator(`table[aria-label="Service tasks"] tbody tr[data-key$="${stopped}"] a`).first().click();
    await page.getByRole('heading', { name: `Task ${stopped}` }).waitFor();
    await page.locator('.timeline li.done[data-step=startedAt]').waitFor();
    assert.match(await page.locator('table[aria-label="Containers"]').innerText(), /app/);
    // The Network card: the task's subnet and interface, and its security groups as EC2 describes the interface.
    await page.locator('[data-testid=security-groups]', { hasText: 'sg-' }).waitFor({ timeout: 20_000 });
    assert.match(await page.locator('.card', { hasText: 'Network interface' }).innerText(), /subnet-[0-9a-f]+[\s\S]*eni-[0-9a-f]+/);
    await screenshot('task');
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Stop task' });
    await screenshot('stop-confirm');
    await dialog.getByRole('button', { name: 'Stop task' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('.timeline li.done[data-step=stoppedAt]').waitFor({ timeout: 60_000 });
    await screenshot('task-stopped');
    await page.locator('.crumbs a', { hasText: res.service }).click();
    await waitFor(async () => {
      const ids = await runningInPage();
      return ids.length === 2 && !ids.includes(stopped);
    }, 90_000, 1000, 'a replacement task RUNNING in the page');
    assert.equal(await page.evaluate(() => window.__sameDocument), true, 'the page was not reloaded');
    await screenshot('replaced');
  });

  it("reads the task's logs in the logs view", { timeout: STEP_MS }, async () => {
    const [id] = await runningInPage();
    await page.locator(`table[aria-label="Service tasks"] tbody tr[data-key$="${id}"] a`).first().click();
    await page.getByRole('link', { name: 'Logs' }).click();
    const lines = page.getByTestId('log-lines');
    await lines.waitFor();
    await waitFor(async () => /console-e2e line \d+/.test(await lines.innerText()), 30_000, 500, 'log lines');
    const before = (await lines.innerText()).split('\n').length;
    await waitFor(async () => (await lines.innerText()).split('\n').length > before, 30_000, 500, 'new lines while following');
    await screenshot('logs');
  });

  it('updates the desired count, showing the API refusing a bad one', { timeout: 90_000 }, async () => {
    await page.goBack(); // to the task
    await page.goBack(); // to the service
    await page.getByRole('button', { name: 'Update desired count' }).click();
    const dialog = page.getByRole('dialog', { name: 'Update desired count' });
    await dialog.getByRole('spinbutton').fill('-1');
    await dialog.getByRole('button', { name: 'Update' }).click();
    await dialog.getByRole('alert').waitFor();
    assert.match(await dialog.getByRole('alert').innerText(), /desired/i);
    await screenshot('desired-count-refused');
    await dialog.getByRole('spinbutton').fill('1');
    await dialog.getByRole('button', { name: 'Update' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('[data-testid=desired]', { hasText: '1' }).waitFor();
    await page.locator('[data-testid=running]', { hasText: '1' }).waitFor({ timeout: 60_000 });
    assert.equal((await describeService(res.cluster, res.service)).desiredCount, 1);
    assert.equal((await runningTaskIds(res.cluster, res.service)).length, 1);
    await screenshot('desired-count-1');
  });

  it('draws the CPU and memory chart of the service', { timeout: 90_000 }, async () => {
    const chart = page.locator('#metrics figure[data-chart=lines]');
    await chart.waitFor({ timeout: 80_000 });
    assert.ok(await chart.locator('polyline, circle').count() >= 1, 'at least one line or point');
    assert.match(await chart.locator('figcaption').innerText(), /CPU: [\d.]+%/);
    await chart.scrollIntoViewIfNeeded();
    await screenshot('metrics');
  });

  it('forces a new deployment and runs a task from the cluster page', { timeout: 90_000 }, async () => {
    const before = (await describeService(res.cluster, res.service)).deployments.map((d) => d.id);
    await page.getByRole('button', { name: 'Force new deployment' }).click();
    await page.getByRole('dialog', { name: 'Force new deployment' }).getByRole('button', { name: 'Deploy' }).click();
    const deployments = page.locator('table[aria-label="Deployments"] tbody tr');
    await waitFor(async () => {
      const keys = await deployments.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key')));
      return keys.some((k) => !before.includes(k));
    }, 30_000, 500, 'a new deployment in the page');
    assert.match(await page.locator('table[aria-label="Deployments"] tbody tr', { hasText: 'PRIMARY' }).innerText(), /ecs-svc\//);
    await screenshot('new-deployment');
    await page.locator('.crumbs a', { hasText: res.cluster }).click();
    await page.getByRole('button', { name: 'Run task' }).click();
    const dialog = page.getByRole('dialog', { name: 'Run task' });
    await dialog.locator('select option', { hasText: `${res.family}:1` }).waitFor({ state: 'attached' });
    await dialog.locator('select').selectOption({ label: `${res.family}:1` });
    await screenshot('run-task');
    await dialog.getByRole('button', { name: 'Run' }).click();
    await dialog.waitFor({ state: 'detached' });
    // The tasks tab opens; the new task is the one outside the service (its group is the family).
    const standalone = page.locator('table[aria-label="Tasks"] tbody tr', { hasText: `family:${res.family}` });
    await standalone.first().waitFor();
    await waitFor(async () => (await standalone.first().locator('.badge').first().getAttribute('data-state')) === 'RUNNING', 60_000, 500, 'the run task RUNNING');
    await screenshot('task-run');
  });

  it('browses task definitions (with their JSON), repositories and load balancers', { timeout: STEP_MS }, async () => {
    await page.locator('.sidebar').getByRole('link', { name: 'Task definitions', exact: true }).click();
    await page.getByRole('link', { name: res.family }).click();
    await page.locator('.revisions li.active', { hasText: `${res.family}:1` }).waitFor();
    assert.match(await page.locator('table[aria-label="Container definitions"]').innerText(), /awslogs/);
    await page.getByRole('button', { name: 'JSON' }).click();
    const json = JSON.parse(await page.locator('pre.json').innerText());
    assert.equal(json.family, res.family);
    await screenshot('task-definition');
    await page.locator('.sidebar').getByRole('link', { name: 'Repositories', exact: true }).click();
    await page.getByRole('link', { name: extras.repository }).click();
    await page.getByText('No images yet').waitFor();
    await page.locator('.sidebar').getByRole('link', { name: 'Repositories', exact: true }).click();
    await page.locator('table[aria-label="Repositories"]', { hasText: extras.repository }).waitFor();
    await screenshot('repositories');
    await page.locator('.sidebar').getByRole('link', { name: 'Load balancers', exact: true }).click();
    const card = page.locator('section.card', { hasText: extras.loadBalancerName });
    await card.getByText(`Listener HTTP:${extras.port}`).waitFor();
    assert.match(await card.locator('table[aria-label="Rules"]').innerText(), new RegExp(`forward → ${extras.targetGroupName}`));
    await page.locator('table[aria-label="Target groups"]', { hasText: extras.targetGroupName }).waitFor();
    await screenshot('load-balancers');
  });

  it('signs out', { timeout: STEP_MS }, async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to the console' }).waitFor();
    const status = await page.evaluate(async () => (await fetch('api/session')).status);
    assert.equal(status, 401);
  });
});
