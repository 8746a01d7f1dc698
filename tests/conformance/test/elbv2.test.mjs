// ELBv2 (Application Load Balancer) on the Query protocol through @aws-sdk/client-elastic-load-balancing-v2:
// the tutorial's flow (load balancer → target group → listener → rules → targets → health → delete) and the error cases.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, describe, it } from 'node:test';

import {
  AddTagsCommand,
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateRuleCommand,
  CreateTargetGroupCommand,
  DeleteListenerCommand,
  DeleteLoadBalancerCommand,
  DeleteRuleCommand,
  DeleteTargetGroupCommand,
  DeregisterTargetsCommand,
  DescribeAccountLimitsCommand,
  DescribeListenerAttributesCommand,
  DescribeListenersCommand,
  DescribeSSLPoliciesCommand,
  DescribeLoadBalancerAttributesCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeTagsCommand,
  DescribeTargetGroupAttributesCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  ModifyListenerAttributesCommand,
  ModifyListenerCommand,
  ModifyLoadBalancerAttributesCommand,
  ModifyRuleCommand,
  ModifyTargetGroupAttributesCommand,
  ModifyTargetGroupCommand,
  RegisterTargetsCommand,
  RemoveTagsCommand,
  SetRulePrioritiesCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';

import { credentials, endpoint, expectError, region, runId, sdkClient, serverErrors } from '../lib/berth.mjs';

const elb = sdkClient(ElasticLoadBalancingV2Client);

const T = { timeout: 30_000 };
let counter = 0;
/** ELB names: at most 32 letters, digits and hyphens. */
const name = (prefix) => `${prefix}-${runId.slice(-10)}-${++counter}`.slice(0, 32);

const created = { loadBalancers: [], targetGroups: [] };
after(async () => {
  for (const arn of created.loadBalancers) {
    await elb.send(new ModifyLoadBalancerAttributesCommand({ LoadBalancerArn: arn, Attributes: [{ Key: 'deletion_protection.enabled', Value: 'false' }] })).catch(() => {});
    await elb.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: arn })).catch(() => {});
  }
  for (const arn of created.targetGroups) await elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: arn })).catch(() => {});
  assert.deepEqual(serverErrors, [], 'no request may yield a 5xx');
});

/** A TCP port nothing listens on now. */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '0.0.0.0', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function createLoadBalancer(input = {}) {
  const out = await elb.send(new CreateLoadBalancerCommand({ Name: name('lb'), ...input }));
  created.loadBalancers.push(out.LoadBalancers[0].LoadBalancerArn);
  return out.LoadBalancers[0];
}

async function createTargetGroup(input = {}) {
  const out = await elb.send(new CreateTargetGroupCommand({ Name: name('tg'), Protocol: 'HTTP', Port: 80, TargetType: 'ip', ...input }));
  created.targetGroups.push(out.TargetGroups[0].TargetGroupArn);
  return out.TargetGroups[0];
}

const forward = (arn) => [{ Type: 'forward', TargetGroupArn: arn }];
const fixed = (code = '404') => [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: code, ContentType: 'text/plain', MessageBody: 'no' } }];

async function createListener(lbArn, actions, port) {
  return (await elb.send(new CreateListenerCommand({ LoadBalancerArn: lbArn, Protocol: 'HTTP', Port: port ?? await freePort(), DefaultActions: actions }))).Listeners[0];
}

describe('the tutorial flow', () => {
  const s = {};

  it('CreateLoadBalancer answers an application load balancer in provisioning with a DNS name', T, async () => {
    s.lbName = name('web');
    const lb = await createLoadBalancer({ Name: s.lbName, Tags: [{ Key: 'env', Value: 'conf' }] });
    s.lb = lb.LoadBalancerArn;
    assert.match(lb.LoadBalancerArn, new RegExp(`^arn:aws:elasticloadbalancing:${region}:\\d{12}:loadbalancer/app/${s.lbName}/[0-9a-f]{16}$`));
    assert.match(lb.DNSName, new RegExp(`^${s.lbName}-\\d{10}\\.${region}\\.`, 'i'));
    assert.equal(lb.Type, 'application');
    assert.equal(lb.Scheme, 'internet-facing');
    assert.ok(['provisioning', 'active'].includes(lb.State.Code));
    assert.ok(lb.CreatedTime instanceof Date && !Number.isNaN(lb.CreatedTime.getTime()));
    // No subnets or groups named: the default VPC's subnets (one per zone) and its default group.
    assert.match(lb.VpcId, /^vpc-[0-9a-f]+$/);
    assert.ok(lb.AvailabilityZones.length >= 1);
    for (const z of lb.AvailabilityZones) {
      assert.match(z.SubnetId, /^subnet-[0-9a-f]+$/);
      assert.match(z.ZoneName, new RegExp(`^${region}[a-z]$`));
    }
    assert.equal(new Set(lb.AvailabilityZones.map((z) => z.ZoneName)).size, lb.AvailabilityZones.length);
    assert.equal(lb.SecurityGroups.length, 1);
    assert.match(lb.SecurityGroups[0], /^sg-[0-9a-f]+$/);
  });

  it('DescribeLoadBalancers finds it by name and by ARN', T, async () => {
    const byName = await elb.send(new DescribeLoadBalancersCommand({ Names: [s.lbName] }));
    assert.equal(byName.LoadBalancers[0].LoadBalancerArn, s.lb);
    const byArn = await elb.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [s.lb] }));
    assert.equal(byArn.LoadBalancers[0].LoadBalancerName, s.lbName);
  });

  it('CreateTargetGroup with a health check, ALB defaults for the rest', T, async () => {
    const tg = await createTargetGroup({ HealthCheckPath: '/health', HealthCheckIntervalSeconds: 10, Matcher: { HttpCode: '200-299' } });
    s.tg = tg.TargetGroupArn;
    assert.equal(tg.HealthCheckPath, '/health');
    assert.equal(tg.HealthCheckIntervalSeconds, 10);
    assert.equal(tg.HealthCheckTimeoutSeconds, 5);
    assert.equal(tg.HealthyThresholdCount, 5);
    assert.equal(tg.UnhealthyThresholdCount, 2);
    assert.equal(tg.Matcher.HttpCode, '200-299');
    assert.equal(tg.TargetType, 'ip');
    assert.deepEqual(tg.LoadBalancerArns ?? [], []);
    s.tg2 = (await createTargetGroup()).TargetGroupArn;
  });

  it('CreateListener forwards to the target group, which then names the load balancer', T, async () => {
    s.port = await freePort();
    const l = await createListener(s.lb, forward(s.tg), s.port);
    s.listener = l.ListenerArn;
    assert.equal(l.Port, s.port);
    assert.equal(l.Protocol, 'HTTP');
    assert.equal(l.DefaultActions[0].TargetGroupArn, s.tg);
    const tgs = await elb.send(new DescribeTargetGroupsCommand({ LoadBalancerArn: s.lb }));
    assert.deepEqual(tgs.TargetGroups.map((g) => g.TargetGroupArn), [s.tg]);
    assert.deepEqual(tgs.TargetGroups[0].LoadBalancerArns, [s.lb]);
    const listeners = await elb.send(new DescribeListenersCommand({ LoadBalancerArn: s.lb }));
    assert.deepEqual(listeners.Listeners.map((x) => x.ListenerArn), [s.listener]);
  });

  it('CreateRule with legacy Values and with the *Config forms; DescribeRules ends with the default rule', T, async () => {
    const a = await elb.send(new CreateRuleCommand({ ListenerArn: s.listener, Priority: 10, Conditions: [{ Field: 'path-pattern', Values: ['/api/*'] }], Actions: forward(s.tg2) }));
    s.ruleA = a.Rules[0].RuleArn;
    assert.equal(a.Rules[0].Priority, '10');
    assert.deepEqual(a.Rules[0].Conditions[0].PathPatternConfig.Values, ['/api/*']);
    const b = await elb.send(new CreateRuleCommand({
      ListenerArn: s.listener,
      Priority: 20,
      Conditions: [
        { Field: 'host-header', HostHeaderConfig: { Values: ['*.example.com'] } },
        { Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'X-Env', Values: ['dev'] } },
        { Field: 'query-string', QueryStringConfig: { Values: [{ Key: 'v', Value: '2' }] } },
        { Field: 'http-request-method', HttpRequestMethodConfig: { Values: ['GET'] } },
        { Field: 'source-ip', SourceIpConfig: { Values: ['10.0.0.0/8'] } },
      ],
      Actions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }],
    }));
    s.ruleB = b.Rules[0].RuleArn;
    assert.equal(b.Rules[0].Actions[0].RedirectConfig.Host, '#{host}');
    const rules = (await elb.send(new DescribeRulesCommand({ ListenerArn: s.listener }))).Rules;
    assert.deepEqual(rules.map((r) => r.Priority), ['10', '20', 'default']);
    assert.deepEqual(rules.map((r) => r.IsDefault), [false, false, true]);
    assert.equal(rules[2].Actions[0].TargetGroupArn, s.tg);
    assert.equal(rules[1].Conditions.find((c) => c.Field === 'query-string').QueryStringConfig.Values[0].Key, 'v');
    s.defaultRule = rules[2].RuleArn;
  });

  it('ModifyRule and SetRulePriorities', T, async () => {
    const m = await elb.send(new ModifyRuleCommand({ RuleArn: s.ruleA, Actions: [{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: s.tg, Weight: 3 }, { TargetGroupArn: s.tg2, Weight: 1 }] } }] }));
    assert.deepEqual(m.Rules[0].Actions[0].ForwardConfig.TargetGroups.map((t) => t.Weight), [3, 1]);
    const swapped = await elb.send(new SetRulePrioritiesCommand({ RulePriorities: [{ RuleArn: s.ruleA, Priority: 20 }, { RuleArn: s.ruleB, Priority: 10 }] }));
    assert.deepEqual(swapped.Rules.map((r) => r.Priority).sort(), ['10', '20']);
  });

  it('RegisterTargets, DescribeTargetHealth, DeregisterTargets', T, async () => {
    await elb.send(new RegisterTargetsCommand({ TargetGroupArn: s.tg, Targets: [{ Id: '10.89.250.1', Port: 8080 }, { Id: '10.89.250.2' }] }));
    const health = (await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: s.tg }))).TargetHealthDescriptions;
    assert.deepEqual(health.map((h) => `${h.Target.Id}:${h.Target.Port}`).sort(), ['10.89.250.1:8080', '10.89.250.2:80']);
    for (const h of health) assert.ok(['initial', 'healthy', 'unhealthy'].includes(h.TargetHealth.State), h.TargetHealth.State);
    await elb.send(new DeregisterTargetsCommand({ TargetGroupArn: s.tg, Targets: [{ Id: '10.89.250.1', Port: 8080 }] }));
    const one = (await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: s.tg, Targets: [{ Id: '10.89.250.1', Port: 8080 }] }))).TargetHealthDescriptions;
    assert.ok(['draining', 'unused'].includes(one[0].TargetHealth.State));
    const unknown = (await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: s.tg, Targets: [{ Id: '10.89.250.9', Port: 1 }] }))).TargetHealthDescriptions;
    assert.equal(unknown[0].TargetHealth.Reason, 'Target.NotRegistered');
  });

  it('attributes of the load balancer and the target group', T, async () => {
    const lbAttrs = (await elb.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: s.lb }))).Attributes;
    assert.equal(lbAttrs.find((a) => a.Key === 'idle_timeout.timeout_seconds').Value, '60');
    const changed = (await elb.send(new ModifyLoadBalancerAttributesCommand({ LoadBalancerArn: s.lb, Attributes: [{ Key: 'idle_timeout.timeout_seconds', Value: '120' }] }))).Attributes;
    assert.equal(changed.find((a) => a.Key === 'idle_timeout.timeout_seconds').Value, '120');
    const tgAttrs = (await elb.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: s.tg }))).Attributes;
    assert.equal(tgAttrs.find((a) => a.Key === 'deregistration_delay.timeout_seconds').Value, '300');
    const tgChanged = (await elb.send(new ModifyTargetGroupAttributesCommand({ TargetGroupArn: s.tg, Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '5' }] }))).Attributes;
    assert.equal(tgChanged.find((a) => a.Key === 'deregistration_delay.timeout_seconds').Value, '5');
    const modified = (await elb.send(new ModifyTargetGroupCommand({ TargetGroupArn: s.tg, HealthCheckPath: '/ready' }))).TargetGroups[0];
    assert.equal(modified.HealthCheckPath, '/ready');
  });

  it('listener attributes: the response headers it adds, refused keys and header breaks', T, async () => {
    const frame = 'routing.http.response.x_frame_options.header_value';
    const attrs = (await elb.send(new DescribeListenerAttributesCommand({ ListenerArn: s.listener }))).Attributes;
    assert.equal(attrs.find((a) => a.Key === 'routing.http.response.server.enabled').Value, 'true');
    assert.equal(attrs.find((a) => a.Key === frame).Value, '');
    const changed = (await elb.send(new ModifyListenerAttributesCommand({ ListenerArn: s.listener, Attributes: [{ Key: frame, Value: 'DENY' }] }))).Attributes;
    assert.equal(changed.find((a) => a.Key === frame).Value, 'DENY');
    await expectError(elb.send(new ModifyListenerAttributesCommand({ ListenerArn: s.listener, Attributes: [{ Key: 'tcp.idle_timeout.seconds', Value: '350' }] })),
      'InvalidConfigurationRequestException', { message: /tcp\.idle_timeout\.seconds/ });
    await expectError(elb.send(new ModifyListenerAttributesCommand({ ListenerArn: s.listener,
      Attributes: [{ Key: 'routing.http.response.content_security_policy.header_value', Value: "x\r\nSet-Cookie: a=b" }] })), 'InvalidConfigurationRequestException');
    const again = (await elb.send(new DescribeListenerAttributesCommand({ ListenerArn: s.listener }))).Attributes;
    assert.equal(again.find((a) => a.Key === 'routing.http.response.content_security_policy.header_value').Value, '');
  });

  it('account limits are the ones Berth enforces; there are no TLS policies', T, async () => {
    const limits = (await elb.send(new DescribeAccountLimitsCommand({}))).Limits;
    assert.equal(limits.find((l) => l.Name === 'application-load-balancers').Max, '50');
    assert.deepEqual((await elb.send(new DescribeSSLPoliciesCommand({}))).SslPolicies, []);
    await expectError(elb.send(new DescribeSSLPoliciesCommand({ Names: ['ELBSecurityPolicy-2016-08'] })), 'SSLPolicyNotFoundException');
  });

  it('AddTags, RemoveTags, DescribeTags', T, async () => {
    await elb.send(new AddTagsCommand({ ResourceArns: [s.lb, s.tg], Tags: [{ Key: 'team', Value: 'berth' }] }));
    await elb.send(new RemoveTagsCommand({ ResourceArns: [s.lb], TagKeys: ['env'] }));
    const d = (await elb.send(new DescribeTagsCommand({ ResourceArns: [s.lb, s.tg] }))).TagDescriptions;
    assert.deepEqual(d.map((x) => x.Tags.map((t) => t.Key)), [['team'], ['team']]);
  });

  it('ModifyListener changes the default action', T, async () => {
    const l = (await elb.send(new ModifyListenerCommand({ ListenerArn: s.listener, DefaultActions: fixed('503') }))).Listeners[0];
    assert.equal(l.DefaultActions[0].FixedResponseConfig.StatusCode, '503');
  });

  it('deletes rules, listener, load balancer and target groups', T, async () => {
    await elb.send(new DeleteRuleCommand({ RuleArn: s.ruleB }));
    await expectError(elb.send(new DeleteRuleCommand({ RuleArn: s.ruleB })), 'RuleNotFoundException');
    await elb.send(new DeleteListenerCommand({ ListenerArn: s.listener }));
    await expectError(elb.send(new DescribeListenersCommand({ ListenerArns: [s.listener] })), 'ListenerNotFoundException');
    await elb.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: s.lb }));
    await elb.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: s.lb })); // gone already: succeeds, as on AWS
    await expectError(elb.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [s.lb] })), 'LoadBalancerNotFoundException');
    await elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: s.tg }));
    await elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: s.tg2 }));
    await expectError(elb.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [s.tg] })), 'TargetGroupNotFoundException');
  });
});

describe('errors', () => {
  it('load balancers: duplicate name, other types, bad names, unknown ARNs, deletion protection', T, async () => {
    const lb = await createLoadBalancer();
    await expectError(elb.send(new CreateLoadBalancerCommand({ Name: lb.LoadBalancerName, Scheme: 'internal' })), 'DuplicateLoadBalancerNameException');
    await expectError(elb.send(new CreateLoadBalancerCommand({ Name: name('nlb'), Type: 'network' })), 'ValidationError', { message: /application load balancers/ });
    await expectError(elb.send(new CreateLoadBalancerCommand({ Name: 'internal-x' })), 'ValidationError');
    await expectError(elb.send(new CreateLoadBalancerCommand({ Name: '-x-' })), 'ValidationError');
    await expectError(elb.send(new DescribeLoadBalancersCommand({ Names: ['no-such-lb'] })), 'LoadBalancerNotFoundException');
    await expectError(elb.send(new DescribeLoadBalancersCommand({ PageSize: 401 })), 'ValidationError');
    await elb.send(new ModifyLoadBalancerAttributesCommand({ LoadBalancerArn: lb.LoadBalancerArn, Attributes: [{ Key: 'deletion_protection.enabled', Value: 'true' }] }));
    await expectError(elb.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: lb.LoadBalancerArn })), 'OperationNotPermittedException');
    await expectError(elb.send(new ModifyLoadBalancerAttributesCommand({ LoadBalancerArn: lb.LoadBalancerArn, Attributes: [{ Key: 'idle_timeout.timeout_seconds', Value: '0' }] })), 'InvalidConfigurationRequestException');
  });

  it('target groups: duplicate name, non-ip type, other protocols, health-check bounds, in use', T, async () => {
    const tg = await createTargetGroup();
    await expectError(elb.send(new CreateTargetGroupCommand({ Name: tg.TargetGroupName, Protocol: 'HTTP', Port: 81, TargetType: 'ip' })), 'DuplicateTargetGroupNameException');
    await expectError(elb.send(new CreateTargetGroupCommand({ Name: name('tg'), Protocol: 'HTTP', Port: 80, TargetType: 'instance' })), 'ValidationError', { message: /IP address/ });
    await expectError(elb.send(new CreateTargetGroupCommand({ Name: name('tg'), Protocol: 'HTTPS', Port: 443, TargetType: 'ip' })), 'ValidationError');
    await expectError(elb.send(new CreateTargetGroupCommand({ Name: name('tg'), Protocol: 'HTTP', Port: 80, TargetType: 'ip', HealthCheckIntervalSeconds: 10, HealthCheckTimeoutSeconds: 10 })), 'InvalidConfigurationRequestException');
    await expectError(elb.send(new CreateTargetGroupCommand({ Name: name('tg'), Protocol: 'HTTP', Port: 80, TargetType: 'ip', Matcher: { HttpCode: '600' } })), 'ValidationError');
    await expectError(elb.send(new ModifyTargetGroupAttributesCommand({ TargetGroupArn: tg.TargetGroupArn, Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '3601' }] })), 'InvalidConfigurationRequestException');
    await expectError(elb.send(new RegisterTargetsCommand({ TargetGroupArn: tg.TargetGroupArn, Targets: [{ Id: 'i-0123456789abcdef0' }] })), 'InvalidTargetException');
    await expectError(elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: `${tg.TargetGroupArn}0` })), 'TargetGroupNotFoundException');
    const lb = await createLoadBalancer();
    await createListener(lb.LoadBalancerArn, forward(tg.TargetGroupArn));
    await expectError(elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: tg.TargetGroupArn })), 'ResourceInUseException');
    const other = await createLoadBalancer();
    await expectError(createListener(other.LoadBalancerArn, forward(tg.TargetGroupArn)), 'TargetGroupAssociationLimitException');
  });

  it('listeners: ports are host ports (duplicate anywhere, or held by another program), HTTP only, actions checked', T, async () => {
    const lb1 = await createLoadBalancer();
    const lb2 = await createLoadBalancer();
    const port = await freePort();
    await createListener(lb1.LoadBalancerArn, fixed(), port);
    await expectError(createListener(lb1.LoadBalancerArn, fixed('500'), port), 'DuplicateListenerException');
    await expectError(createListener(lb2.LoadBalancerArn, fixed(), port), 'DuplicateListenerException');
    const holder = createServer();
    await new Promise((r) => holder.listen(0, '0.0.0.0', r));
    try {
      await expectError(createListener(lb2.LoadBalancerArn, fixed(), holder.address().port), 'InvalidConfigurationRequestException', { message: /in use/ });
    } finally {
      holder.close();
    }
    await expectError(elb.send(new CreateListenerCommand({ LoadBalancerArn: lb2.LoadBalancerArn, Protocol: 'HTTPS', Port: await freePort(), DefaultActions: fixed() })), 'UnsupportedProtocolException');
    await expectError(createListener(lb2.LoadBalancerArn, forward(`${created.targetGroups[0] ?? 'arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/x/1'}0`)), 'TargetGroupNotFoundException');
    await expectError(createListener(lb2.LoadBalancerArn, [{ Type: 'redirect', RedirectConfig: { StatusCode: 'HTTP_301' } }]), 'InvalidLoadBalancerActionException');
    await expectError(createListener(lb2.LoadBalancerArn, [{ Type: 'authenticate-oidc', Order: 1 }]), 'InvalidLoadBalancerActionException', { message: /not supported/ });
    await expectError(createListener(`${lb2.LoadBalancerArn}0`, fixed()), 'LoadBalancerNotFoundException');
    await expectError(elb.send(new DescribeListenersCommand({})), 'ValidationError');
  });

  it('rules: priority in use, bad conditions, the default rule cannot be deleted', T, async () => {
    const lb = await createLoadBalancer();
    const l = await createListener(lb.LoadBalancerArn, fixed());
    await elb.send(new CreateRuleCommand({ ListenerArn: l.ListenerArn, Priority: 1, Conditions: [{ Field: 'path-pattern', Values: ['/a'] }], Actions: fixed() }));
    await expectError(elb.send(new CreateRuleCommand({ ListenerArn: l.ListenerArn, Priority: 1, Conditions: [{ Field: 'path-pattern', Values: ['/b'] }], Actions: fixed() })), 'PriorityInUseException');
    await expectError(elb.send(new CreateRuleCommand({ ListenerArn: l.ListenerArn, Priority: 50001, Conditions: [{ Field: 'path-pattern', Values: ['/b'] }], Actions: fixed() })), 'ValidationError');
    await expectError(elb.send(new CreateRuleCommand({ ListenerArn: l.ListenerArn, Priority: 2, Conditions: [{ Field: 'cookie', Values: ['x'] }], Actions: fixed() })), 'ValidationError');
    await expectError(elb.send(new CreateRuleCommand({ ListenerArn: l.ListenerArn, Priority: 2, Conditions: [{ Field: 'path-pattern', Values: ['/1', '/2', '/3', '/4', '/5', '/6'] }], Actions: fixed() })), 'ValidationError');
    await expectError(elb.send(new CreateRuleCommand({ ListenerArn: `${l.ListenerArn}0`, Priority: 2, Conditions: [{ Field: 'path-pattern', Values: ['/b'] }], Actions: fixed() })), 'ListenerNotFoundException');
    const rules = (await elb.send(new DescribeRulesCommand({ ListenerArn: l.ListenerArn }))).Rules;
    const def = rules.find((r) => r.IsDefault);
    await expectError(elb.send(new DeleteRuleCommand({ RuleArn: def.RuleArn })), 'OperationNotPermittedException');
    await expectError(elb.send(new SetRulePrioritiesCommand({ RulePriorities: [{ RuleArn: def.RuleArn, Priority: 5 }] })), 'OperationNotPermittedException');
    await expectError(elb.send(new ModifyRuleCommand({ RuleArn: `${rules[0].RuleArn}0`, Actions: fixed() })), 'RuleNotFoundException');
  });
});

describe('the Query protocol itself', () => {
  async function post(body, service = 'elasticloadbalancing') {
    const url = new URL(`${endpoint}/`);
    const signer = new SignatureV4({ credentials, region, service, sha256: Sha256 });
    const signed = await signer.sign({
      method: 'POST', protocol: url.protocol, hostname: url.hostname, port: url.port ? Number(url.port) : undefined, path: '/', query: {},
      headers: { host: url.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body,
    });
    const { host, ...headers } = signed.headers;
    const res = await fetch(url, { method: 'POST', headers, body });
    return { status: res.status, text: await res.text() };
  }
  const code = (text) => /<Code>([^<]*)<\/Code>/.exec(text)?.[1];

  it('an unknown Action is InvalidAction, a missing Version is MissingParameter, both in the XML error shape', T, async () => {
    const unknown = await post('Action=FlyToTheMoon&Version=2015-12-01');
    assert.equal(unknown.status, 400);
    assert.match(unknown.text, /^<ErrorResponse xmlns="http:\/\/elasticloadbalancing\.amazonaws\.com\/doc\/2015-12-01\/"><Error><Type>Sender<\/Type><Code>InvalidAction<\/Code>/);
    assert.match(unknown.text, /<RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>$/);
    assert.equal(code((await post('Action=DescribeLoadBalancers')).text), 'MissingParameter');
    assert.equal(code((await post('Action=DescribeLoadBalancers&Version=2012-06-01')).text), 'ValidationError');
  });

  it('malformed numbers and list members are ValidationError', T, async () => {
    assert.equal(code((await post('Action=DescribeLoadBalancers&Version=2015-12-01&PageSize=many')).text), 'ValidationError');
    assert.equal(code((await post('Action=DescribeLoadBalancers&Version=2015-12-01&Names.member.0=a')).text), 'ValidationError');
  });

  it('a signature for another service is refused with 403', T, async () => {
    const res = await post('Action=DescribeLoadBalancers&Version=2015-12-01', 'ecs');
    assert.equal(res.status, 403);
    assert.equal(code(res.text), 'SignatureDoesNotMatch');
  });
});
