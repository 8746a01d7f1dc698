// CloudWatch Logs: groups, streams, putting, reading and filtering events.
// (The awslogs stream of a real task is checked in tasks.test.mjs.)
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';

import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteLogGroupCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';

import { Resources, assertNoServerErrors, expectError, logs, region, uniqueName, waitFor } from '../lib/berth.mjs';

const res = new Resources();
after(async () => {
  await res.cleanup();
  assertNoServerErrors();
});

const groupName = (suffix) => `/berth-conformance/${uniqueName(suffix)}`;

async function createGroup(name) {
  res.logGroup(name);
  await logs.send(new CreateLogGroupCommand({ logGroupName: name }));
  return name;
}

async function put(logGroupName, logStreamName, messages, start = Date.now() - 60_000) {
  const logEvents = messages.map((message, i) => ({ timestamp: start + i * 1000, message }));
  await logs.send(new PutLogEventsCommand({ logGroupName, logStreamName, logEvents }));
  return logEvents;
}

describe('log groups', () => {
  it('CreateLogGroup creates a group DescribeLogGroups shows', async () => {
    const name = await createGroup(groupName('create'));
    const out = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }));
    assert.equal(out.logGroups.length, 1);
    const g = out.logGroups[0];
    assert.equal(g.logGroupName, name);
    assert.match(g.arn, new RegExp(`^arn:aws:logs:${region}:\\d{12}:log-group:${name.replace(/[/.]/g, '\\$&')}:\\*$`));
    assert.equal(typeof g.creationTime, 'number');
    assert.ok(Math.abs(g.creationTime - Date.now()) < 5 * 60_000, 'creationTime is epoch milliseconds near now');
  });

  it('a duplicate CreateLogGroup is ResourceAlreadyExistsException', async () => {
    const name = await createGroup(groupName('dup'));
    await expectError(logs.send(new CreateLogGroupCommand({ logGroupName: name })), 'ResourceAlreadyExistsException');
  });

  it('an invalid group name is InvalidParameterException', async () => {
    await expectError(logs.send(new CreateLogGroupCommand({ logGroupName: 'bad name with spaces' })), 'InvalidParameterException');
  });

  it('DescribeLogGroups rejects limit 0 and limit 51 with InvalidParameterException', async () => {
    await expectError(logs.send(new DescribeLogGroupsCommand({ limit: 0 })), 'InvalidParameterException');
    await expectError(logs.send(new DescribeLogGroupsCommand({ limit: 51 })), 'InvalidParameterException');
  });

  it('DescribeLogGroups filters by prefix and pages with limit + nextToken in name order', async () => {
    const prefix = groupName('paging');
    const names = [`${prefix}/c`, `${prefix}/a`, `${prefix}/b`];
    for (const n of names) await createGroup(n);
    const first = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: prefix, limit: 1 }));
    assert.equal(first.logGroups.length, 1);
    assert.equal(typeof first.nextToken, 'string');
    const seen = [];
    let nextToken;
    do {
      const out = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: prefix, limit: 1, nextToken }));
      assert.ok(out.logGroups.length <= 1);
      seen.push(...out.logGroups.map((g) => g.logGroupName));
      nextToken = out.nextToken;
    } while (nextToken);
    assert.deepEqual(seen, [...names].sort());
  });

  it('DeleteLogGroup removes the group; an unknown group is ResourceNotFoundException', async () => {
    const name = await createGroup(groupName('delete'));
    await logs.send(new DeleteLogGroupCommand({ logGroupName: name }));
    const out = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }));
    assert.deepEqual(out.logGroups, []);
    await expectError(logs.send(new DeleteLogGroupCommand({ logGroupName: name })), 'ResourceNotFoundException');
  });
});

describe('streams and events', () => {
  let group;
  const stream = 'stream-one';

  it('CreateLogStream; a duplicate is ResourceAlreadyExistsException; an unknown group is ResourceNotFoundException', async () => {
    group = await createGroup(groupName('events'));
    await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
    await expectError(logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream })), 'ResourceAlreadyExistsException');
    await expectError(logs.send(new CreateLogStreamCommand({ logGroupName: groupName('nosuch'), logStreamName: stream })), 'ResourceNotFoundException');
  });

  it('PutLogEvents into an unknown stream is ResourceNotFoundException', async () => {
    await expectError(
      logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: 'nope', logEvents: [{ timestamp: Date.now(), message: 'x' }] })),
      'ResourceNotFoundException',
    );
  });

  it('GetLogEvents with startFromHead pages forward with nextForwardToken; the last token waits for new events', async () => {
    const start = Date.now() - 60_000;
    await put(group, stream, ['m1', 'm2', 'm3', 'm4', 'm5'], start);

    const all = await logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, startFromHead: true }));
    assert.deepEqual(all.events.map((e) => e.message), ['m1', 'm2', 'm3', 'm4', 'm5']);
    assert.deepEqual(all.events.map((e) => e.timestamp), [0, 1, 2, 3, 4].map((i) => start + i * 1000));
    for (const e of all.events) assert.equal(typeof e.ingestionTime, 'number');

    const pages = [];
    let token;
    let out = await logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, startFromHead: true, limit: 2 }));
    for (let i = 0; i < 10 && out.events.length > 0; i++) {
      pages.push(out.events.map((e) => e.message));
      token = out.nextForwardToken;
      assert.equal(typeof token, 'string');
      out = await logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, startFromHead: true, limit: 2, nextToken: token }));
    }
    assert.deepEqual(pages, [['m1', 'm2'], ['m3', 'm4'], ['m5']]);
    assert.deepEqual(out.events, []);
    assert.equal(out.nextForwardToken, token, 'at the end the same forward token comes back');

    const again = await logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, startFromHead: true, nextToken: token }));
    assert.deepEqual(again.events, [], 'nothing new until more events are put');

    await put(group, stream, ['m6', 'm7'], start + 10_000);
    const more = await logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, startFromHead: true, nextToken: token }));
    assert.deepEqual(more.events.map((e) => e.message), ['m6', 'm7']);
  });

  it('GetLogEvents without startFromHead returns the latest events', async () => {
    const out = await logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, limit: 2 }));
    assert.deepEqual(out.events.map((e) => e.message), ['m6', 'm7']);
  });

  it('GetLogEvents pages backward with nextBackwardToken', async () => {
    let out = await logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, limit: 3 }));
    const pages = [];
    for (let i = 0; i < 10 && out.events.length > 0; i++) {
      pages.push(out.events.map((e) => e.message));
      out = await logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, limit: 3, nextToken: out.nextBackwardToken }));
    }
    assert.deepEqual(pages, [['m5', 'm6', 'm7'], ['m2', 'm3', 'm4'], ['m1']]);
  });

  it('concurrent PutLogEvents calls lose no event', async () => {
    const s = 'stream-concurrent';
    await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: s }));
    const base = Date.now() - 30_000;
    await Promise.all(Array.from({ length: 8 }, (_, i) => put(group, s, [`c${i}-a`, `c${i}-b`], base + i * 10)));
    const out = await logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: s, startFromHead: true }));
    assert.equal(out.events.length, 16);
    const ts = out.events.map((e) => e.timestamp);
    assert.deepEqual(ts, [...ts].sort((a, b) => a - b), 'events come back in timestamp order');
  });

  it('GetLogEvents honours startTime and endTime', async () => {
    const allEvents = (await logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, startFromHead: true }))).events;
    const from = allEvents[1].timestamp;
    const to = allEvents[3].timestamp; // endTime is exclusive
    const out = await logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, startFromHead: true, startTime: from, endTime: to }));
    assert.deepEqual(out.events.map((e) => e.message), ['m2', 'm3']);
  });

  it('GetLogEvents on an unknown stream is ResourceNotFoundException', async () => {
    await expectError(logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: 'nope' })), 'ResourceNotFoundException');
  });
});

describe('FilterLogEvents and DescribeLogStreams', () => {
  let group;

  it('setup: two streams with events at different times', async () => {
    group = await createGroup(groupName('filter'));
    const now = Date.now();
    // "zzz" holds the newer events, "aaa" the older: name order and latest-first order differ.
    await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 'zzz' }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 'aaa' }));
    await put(group, 'aaa', ['INFO starting', 'ERROR disk full on /dev/sda', 'WARN disk almost full'], now - 120_000);
    await put(group, 'zzz', ['ERROR network down', 'INFO ok', 'error lowercase only'], now - 30_000);
  });

  it('a single term matches case-sensitively across streams, in time order, with stream names and event ids', async () => {
    const out = await logs.send(new FilterLogEventsCommand({ logGroupName: group, filterPattern: 'ERROR' }));
    assert.deepEqual(out.events.map((e) => e.message), ['ERROR disk full on /dev/sda', 'ERROR network down']);
    assert.deepEqual(out.events.map((e) => e.logStreamName), ['aaa', 'zzz']);
    for (const e of out.events) {
      assert.equal(typeof e.eventId, 'string');
      assert.equal(typeof e.timestamp, 'number');
      assert.equal(typeof e.ingestionTime, 'number');
    }
  });

  it('several terms must all occur', async () => {
    const out = await logs.send(new FilterLogEventsCommand({ logGroupName: group, filterPattern: 'ERROR disk' }));
    assert.deepEqual(out.events.map((e) => e.message), ['ERROR disk full on /dev/sda']);
  });

  it('a quoted phrase, ?optional terms and -excluded terms', async () => {
    const phrase = await logs.send(new FilterLogEventsCommand({ logGroupName: group, filterPattern: '"almost full"' }));
    assert.deepEqual(phrase.events.map((e) => e.message), ['WARN disk almost full']);
    const any = await logs.send(new FilterLogEventsCommand({ logGroupName: group, filterPattern: '?WARN ?network' }));
    assert.deepEqual(any.events.map((e) => e.message), ['WARN disk almost full', 'ERROR network down']);
    const none = await logs.send(new FilterLogEventsCommand({ logGroupName: group, filterPattern: 'disk -ERROR' }));
    assert.deepEqual(none.events.map((e) => e.message), ['WARN disk almost full']);
  });

  it('logStreamNames limits the streams searched; no pattern matches everything', async () => {
    const out = await logs.send(new FilterLogEventsCommand({ logGroupName: group, logStreamNames: ['zzz'] }));
    assert.deepEqual(out.events.map((e) => e.message), ['ERROR network down', 'INFO ok', 'error lowercase only']);
    assert.ok(out.events.every((e) => e.logStreamName === 'zzz'));
    const filtered = await logs.send(new FilterLogEventsCommand({ logGroupName: group, logStreamNames: ['aaa'], filterPattern: 'ERROR' }));
    assert.deepEqual(filtered.events.map((e) => e.message), ['ERROR disk full on /dev/sda']);
  });

  it('startTime and endTime are both inclusive for FilterLogEvents', async () => {
    const all = await logs.send(new FilterLogEventsCommand({ logGroupName: group, logStreamNames: ['aaa'] }));
    const [, second, third] = all.events;
    const out = await logs.send(new FilterLogEventsCommand({ logGroupName: group, startTime: second.timestamp, endTime: third.timestamp }));
    assert.deepEqual(out.events.map((e) => e.message), [second.message, third.message]);
  });

  it('FilterLogEvents on an unknown group is ResourceNotFoundException', async () => {
    await expectError(logs.send(new FilterLogEventsCommand({ logGroupName: groupName('nosuch') })), 'ResourceNotFoundException');
  });

  it('DescribeLogStreams orders by name by default and by LastEventTime descending when asked', async () => {
    const byName = await logs.send(new DescribeLogStreamsCommand({ logGroupName: group }));
    assert.deepEqual(byName.logStreams.map((s) => s.logStreamName), ['aaa', 'zzz']);
    const s = byName.logStreams[0];
    assert.match(s.arn, /^arn:aws:logs:us-east-1:\d{12}:log-group:.+:log-stream:aaa$/);
    assert.equal(typeof s.creationTime, 'number');
    const byTime = await waitFor(async () => {
      const out = await logs.send(new DescribeLogStreamsCommand({ logGroupName: group, orderBy: 'LastEventTime', descending: true }));
      return out.logStreams.every((x) => typeof x.lastEventTimestamp === 'number') ? out : undefined;
    }, 10_000);
    assert.deepEqual(byTime.logStreams.map((x) => x.logStreamName), ['zzz', 'aaa']);
    assert.ok(byTime.logStreams[0].lastEventTimestamp > byTime.logStreams[1].lastEventTimestamp);
    const ascending = await logs.send(new DescribeLogStreamsCommand({ logGroupName: group, orderBy: 'LastEventTime', descending: false }));
    assert.deepEqual(ascending.logStreams.map((x) => x.logStreamName), ['aaa', 'zzz']);
  });

  it('orderBy LastEventTime with logStreamNamePrefix is InvalidParameterException', async () => {
    await expectError(
      logs.send(new DescribeLogStreamsCommand({ logGroupName: group, orderBy: 'LastEventTime', logStreamNamePrefix: 'a' })),
      'InvalidParameterException',
    );
  });

  it('FilterLogEvents with both logStreamNames and logStreamNamePrefix is InvalidParameterException', async () => {
    await expectError(
      logs.send(new FilterLogEventsCommand({ logGroupName: group, logStreamNames: ['aaa'], logStreamNamePrefix: 'a' })),
      'InvalidParameterException',
    );
  });

  it('DescribeLogStreams filters by logStreamNamePrefix', async () => {
    const out = await logs.send(new DescribeLogStreamsCommand({ logGroupName: group, logStreamNamePrefix: 'zz' }));
    assert.deepEqual(out.logStreams.map((x) => x.logStreamName), ['zzz']);
  });
});
