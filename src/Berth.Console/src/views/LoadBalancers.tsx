import { elb, members, text } from '../api';
import { targetHealth } from '../data';
import { usePoll } from '../poll';
import { PageHeader } from '../components/Layout';
import { Badge, Card, Empty, ErrorBox, Kv, Loading, Table } from '../components/ui';

/** Load balancers with their listeners and rules, and every target group with its targets' health (ELBv2 over the Query protocol). */
export function LoadBalancers() {
  const live = usePoll(async () => {
    const lbs = members(await elb('DescribeLoadBalancers'), 'LoadBalancers');
    const withListeners = await Promise.all(lbs.map(async (lb) => {
      const arn = text(lb, 'LoadBalancerArn');
      const listeners = members(await elb('DescribeListeners', { LoadBalancerArn: arn }), 'Listeners');
      const rules = await Promise.all(listeners.map(async (l) => members(await elb('DescribeRules', { ListenerArn: text(l, 'ListenerArn') }), 'Rules')));
      return { lb, listeners: listeners.map((l, i) => ({ l, rules: rules[i] })) };
    }));
    const groups = members(await elb('DescribeTargetGroups'), 'TargetGroups');
    const health = await Promise.all(groups.map((g) => targetHealth(text(g, 'TargetGroupArn')).catch(() => [])));
    return { lbs: withListeners, groups: groups.map((g, i) => ({ g, targets: health[i] })) };
  }, [], 5000);
  const d = live.data;
  const tgName = (arn: string) => d?.groups.find((x) => text(x.g, 'TargetGroupArn') === arn) ? text(d.groups.find((x) => text(x.g, 'TargetGroupArn') === arn)!.g, 'TargetGroupName') : arn.split('/')[1] ?? arn;
  return (
    <>
      <PageHeader title="Load balancers" />
      <ErrorBox error={live.error} />
      {!d ? <Loading error={live.error} /> : (
        <>
          {d.lbs.length === 0 && <Card><Empty title="No load balancers yet">Create one with <code>aws elbv2 create-load-balancer</code>.</Empty></Card>}
          {d.lbs.map(({ lb, listeners }) => (
            <Card title={<>{text(lb, 'LoadBalancerName')} <Badge value={text(lb.getElementsByTagName('State')[0], 'Code')} /></>}>
              <Kv items={[['DNS name', <span class="mono">{text(lb, 'DNSName')}</span>], ['Scheme', text(lb, 'Scheme')], ['Type', text(lb, 'Type')]]} />
              {listeners.length === 0 ? <Empty title="No listeners" /> : listeners.map(({ l, rules }) => (
                <div class="subsection">
                  <h3>Listener {text(l, 'Protocol')}:{text(l, 'Port')}</h3>
                  <Table label="Rules" rows={rules} rowKey={(r) => text(r, 'RuleArn')} empty={<Empty title="No rules" />}
                    columns={[
                      { title: 'Priority', cell: (r) => text(r, 'Priority') },
                      { title: 'Conditions', cell: (r) => conditions(r) || <span class="muted">all requests</span> },
                      { title: 'Action', cell: (r) => actions(r, tgName) },
                    ]} />
                </div>
              ))}
            </Card>
          ))}
          <Card title="Target groups">
            <Table label="Target groups" rows={d.groups} rowKey={(x) => text(x.g, 'TargetGroupArn')} empty={<Empty title="No target groups yet" />}
              columns={[
                { title: 'Target group', cell: (x) => text(x.g, 'TargetGroupName') },
                { title: 'Protocol:port', cell: (x) => `${text(x.g, 'Protocol')}:${text(x.g, 'Port')}` },
                { title: 'Target type', cell: (x) => text(x.g, 'TargetType') },
                { title: 'Health check', cell: (x) => <span class="mono small">{text(x.g, 'HealthCheckPath')}</span> },
                { title: 'Targets', cell: (x) => x.targets.length === 0 ? <span class="muted">none</span> : x.targets.map((t) => <div class="target"><span class="mono">{t.id}:{t.port}</span> <Badge value={t.state} /></div>) },
              ]} />
          </Card>
        </>
      )}
    </>
  );
}

function conditions(rule: Element): string {
  return members(rule, 'Conditions').map((c) => {
    const values = Array.from(c.getElementsByTagName('Values')[0]?.children ?? []).map((v) => v.textContent).join(', ');
    return `${text(c, 'Field')} = ${values}`;
  }).join('; ');
}

function actions(rule: Element, tgName: (arn: string) => string): string {
  return members(rule, 'Actions').map((a) => {
    const type = text(a, 'Type');
    if (type === 'forward') return `forward → ${tgName(text(a, 'TargetGroupArn'))}`;
    if (type === 'fixed-response') return `fixed response ${text(a.getElementsByTagName('FixedResponseConfig')[0], 'StatusCode')}`;
    if (type === 'redirect') return 'redirect';
    return type;
  }).join(', ');
}
