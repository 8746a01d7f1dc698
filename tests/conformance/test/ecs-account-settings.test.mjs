// ECS account settings: PutAccountSetting, PutAccountSettingDefault, ListAccountSettings, DeleteAccountSetting,
// and the containerInsights default a new cluster takes.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';

import {
  CreateClusterCommand,
  DeleteAccountSettingCommand,
  DescribeClustersCommand,
  ListAccountSettingsCommand,
  PutAccountSettingCommand,
  PutAccountSettingDefaultCommand,
} from '@aws-sdk/client-ecs';

import { Resources, accountOf, assertNoServerErrors, ecs, expectError, uniqueName } from '../lib/berth.mjs';

const res = new Resources();
const touched = new Set();
after(async () => {
  // Account settings are account-wide: leave none behind for the other suites.
  for (const name of touched) await ecs.send(new DeleteAccountSettingCommand({ name })).catch(() => {});
  await res.cleanup();
  assertNoServerErrors();
});

async function put(name, value) {
  touched.add(name);
  return (await ecs.send(new PutAccountSettingCommand({ name, value }))).setting;
}

describe('PutAccountSetting / ListAccountSettings / DeleteAccountSetting', () => {
  it('sets a setting for the caller (the root user here) and lists it', async () => {
    const s = await put('awsvpcTrunking', 'enabled');
    assert.equal(s.name, 'awsvpcTrunking');
    assert.equal(s.value, 'enabled');
    assert.match(s.principalArn, /^arn:aws:iam::\d{12}:root$/);
    const listed = await ecs.send(new ListAccountSettingsCommand({ name: 'awsvpcTrunking' }));
    assert.deepEqual(listed.settings.map((x) => [x.name, x.value]), [['awsvpcTrunking', 'enabled']]);
    const byValue = await ecs.send(new ListAccountSettingsCommand({ name: 'awsvpcTrunking', value: 'disabled' }));
    assert.deepEqual(byValue.settings, []);
  });

  it('effectiveSettings lists every setting with its value in force, ten to a page', async () => {
    const first = await ecs.send(new ListAccountSettingsCommand({ effectiveSettings: true }));
    assert.equal(first.settings.length, 10);
    assert.ok(first.nextToken);
    const rest = await ecs.send(new ListAccountSettingsCommand({ effectiveSettings: true, nextToken: first.nextToken }));
    const all = [...first.settings, ...rest.settings];
    const byName = Object.fromEntries(all.map((x) => [x.name, x.value]));
    assert.equal(byName.serviceLongArnFormat, 'enabled');
    assert.equal(byName.taskLongArnFormat, 'enabled');
    assert.ok(['enabled', 'disabled', 'enhanced'].includes(byName.containerInsights));
    assert.equal(new Set(all.map((x) => x.name)).size, all.length, 'no setting twice across pages');
  });

  it('DeleteAccountSetting removes it and returns what it was', async () => {
    await put('fargateTaskRetirementWaitPeriod', '14');
    const out = await ecs.send(new DeleteAccountSettingCommand({ name: 'fargateTaskRetirementWaitPeriod' }));
    assert.equal(out.setting.value, '14');
    const listed = await ecs.send(new ListAccountSettingsCommand({ name: 'fargateTaskRetirementWaitPeriod' }));
    assert.deepEqual(listed.settings, []);
    const effective = await ecs.send(new ListAccountSettingsCommand({ name: 'fargateTaskRetirementWaitPeriod', effectiveSettings: true }));
    assert.equal(effective.settings[0].value, '7');
  });

  it('refuses an unknown name, a value outside the setting\'s, and values Berth cannot honour, by name', async () => {
    await expectError(ecs.send(new PutAccountSettingCommand({ name: 'noSuchSetting', value: 'enabled' })), 'InvalidParameterException', { message: 'noSuchSetting' });
    await expectError(ecs.send(new PutAccountSettingCommand({ name: 'containerInsights', value: 'sometimes' })), 'InvalidParameterException', { message: 'enhanced' });
    await expectError(ecs.send(new PutAccountSettingCommand({ name: 'serviceLongArnFormat', value: 'disabled' })), 'InvalidParameterException', { message: 'long ARN format' });
    await expectError(ecs.send(new PutAccountSettingCommand({ name: 'fargateFIPSMode', value: 'enabled' })), 'InvalidParameterException', { message: 'FIPS' });
    await expectError(ecs.send(new PutAccountSettingCommand({ name: 'guardDutyActivate', value: 'on' })), 'InvalidParameterException', { message: 'read-only' });
    await expectError(ecs.send(new ListAccountSettingsCommand({ value: 'enabled' })), 'InvalidParameterException');
    await expectError(ecs.send(new ListAccountSettingsCommand({ maxResults: 11 })), 'InvalidParameterException');
    await expectError(ecs.send(new DeleteAccountSettingCommand({ name: 'dualStackIPv6' })), 'InvalidParameterException', { message: 'nothing to delete' });
  });

  it('refuses a principalArn outside the account', async () => {
    const own = await put('awsvpcTrunking', 'disabled');
    await expectError(ecs.send(new PutAccountSettingCommand({ name: 'awsvpcTrunking', value: 'enabled', principalArn: 'arn:aws:iam::999999999999:user/x' })),
      'InvalidParameterException', { message: 'principalArn' });
    const user = `arn:aws:iam::${accountOf(own.principalArn)}:user/someone`;
    const set = await ecs.send(new PutAccountSettingCommand({ name: 'awsvpcTrunking', value: 'enabled', principalArn: user }));
    assert.equal(set.setting.principalArn, user);
    await ecs.send(new DeleteAccountSettingCommand({ name: 'awsvpcTrunking', principalArn: user }));
  });
});

describe('PutAccountSettingDefault and containerInsights', () => {
  it('a new cluster without settings takes the account default; one with settings keeps its own', async () => {
    touched.add('containerInsights');
    const def = await ecs.send(new PutAccountSettingDefaultCommand({ name: 'containerInsights', value: 'enhanced' }));
    assert.match(def.setting.principalArn, /:root$/);
    const plain = res.cluster(uniqueName('ci-default'));
    const created = await ecs.send(new CreateClusterCommand({ clusterName: plain }));
    assert.deepEqual(created.cluster.settings, [{ name: 'containerInsights', value: 'enhanced' }]);
    const own = res.cluster(uniqueName('ci-own'));
    await ecs.send(new CreateClusterCommand({ clusterName: own, settings: [{ name: 'containerInsights', value: 'disabled' }] }));
    const d = await ecs.send(new DescribeClustersCommand({ clusters: [plain, own], include: ['SETTINGS'] }));
    assert.deepEqual(d.clusters.map((c) => c.settings[0].value), ['enhanced', 'disabled']);
    await ecs.send(new DeleteAccountSettingCommand({ name: 'containerInsights' }));
  });
});
