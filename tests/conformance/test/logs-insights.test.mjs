// CloudWatch Logs Insights with the real SDK and the AWS CLI: events put with PutLogEvents, then StartQuery and
// GetQueryResults polled until Complete, for fields, filter, stats by bin, sort, limit and parse.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeQueriesCommand,
  GetLogRecordCommand,
  GetQueryResultsCommand,
  PutLogEventsCommand,
  StartQueryCommand,
  StopQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs';

import { Resources, assertNoServerErrors, cli, cliFails, expectError, logs, uniqueName, waitFor } from '../lib/berth.mjs';

const res = new Resources();
after(async () => {
  await res.cleanup();
  assertNoServerErrors();
});

const group = `/berth-conformance/${uniqueName('insights')}`;
// Whole minutes in the past, so bins and the query window are exact.
const base = Math.floor(Date.now() / 600_000) * 600_000 - 3_600_000;
const window = { startTime: Math.floor(base / 1000) - 60, endTime: Math.floor(base / 1000) + 3600 };

const requests = [
  { path: '/', status: 200, ms: 12 },
  { path: '/api/orders', status: 200, ms: 40 },
  { path: '/api/orders', status: 500, ms: 900 },
  { path: '/health', status: 200, ms: 1 },
  { path: '/api/users', status: 404, ms: 7 },
  { path: '/api/orders', status: 200, ms: 60 },
];

before(async () => {
  res.logGroup(group);
  await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
  await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 'web/1' }));
  await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 'worker/1' }));
  // One JSON access log event a minute, and plain text lines from a worker.
  await logs.send(new PutLogEventsCommand({
    logGroupName: group,
    logStreamName: 'web/1',
    logEvents: requests.map((r, i) => ({ timestamp: base + i * 60_000, message: JSON.stringify({ ...r, client: { ip: `10.0.0.${i}` } }) })),
  }));
  await logs.send(new PutLogEventsCommand({
    logGroupName: group,
    logStreamName: 'worker/1',
    logEvents: [
      { timestamp: base + 30_000, message: '[INFO] job 17 done in 120 ms' },
      { timestamp: base + 90_000, message: '[ERROR] job 18 failed: disk full' },
      { timestamp: base + 400_000, message: '[INFO] job 19 done in 80 ms' },
    ],
  }));
});

/** Runs a query and polls GetQueryResults until it is Complete; returns rows as objects (without @ptr unless asked). */
async function query(queryString, extra = {}, { keepPtr = false } = {}) {
  const { queryId } = await logs.send(new StartQueryCommand({ logGroupName: group, ...window, queryString, ...extra }));
  assert.match(queryId, /^[0-9a-f-]{36}$/);
  const out = await waitFor(async () => {
    const r = await logs.send(new GetQueryResultsCommand({ queryId }));
    assert.ok(['Scheduled', 'Running', 'Complete'].includes(r.status), `status ${r.status}`);
    return r.status === 'Complete' ? r : undefined;
  }, 30_000, 100);
  const rows = out.results.map((row) => Object.fromEntries(row.filter((f) => keepPtr || f.field !== '@ptr').map((f) => [f.field, f.value])));
  return { rows, out, queryId };
}

describe('Logs Insights queries', () => {
  it('fields | sort | limit: newest first, @timestamp formatted, JSON fields discovered, @ptr on every row', async () => {
    const { rows, out } = await query('fields @timestamp, path, status, client.ip | filter ispresent(path) | sort @timestamp desc | limit 2', {}, { keepPtr: true });
    assert.equal(rows.length, 2);
    assert.equal(rows[0].path, '/api/orders');
    assert.equal(rows[0]['client.ip'], '10.0.0.5');
    assert.equal(rows[1].path, '/api/users');
    assert.match(rows[0]['@timestamp'], /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/);
    assert.equal(rows[0]['@timestamp'], new Date(base + 5 * 60_000).toISOString().replace('T', ' ').replace('Z', ''));
    assert.ok(rows.every((r) => typeof r['@ptr'] === 'string' && r['@ptr'].length > 0));
    assert.equal(out.statistics.recordsScanned, 9);
    assert.equal(out.statistics.recordsMatched, 6);
    assert.ok(out.statistics.bytesScanned > 100);
  });

  it('filter: comparisons, like with strings and regexes, in, and/or/not', async () => {
    const paths = async (q) => (await query(`fields path | ${q} | sort ms asc`)).rows.map((r) => r.path);
    assert.deepEqual(await paths('filter status >= 400'), ['/api/users', '/api/orders']);
    assert.deepEqual(await paths('filter path like "orders" and not status = 500'), ['/api/orders', '/api/orders']);
    assert.deepEqual(await paths('filter path like /^\\/(health|api\\/users)$/'), ['/health', '/api/users']);
    assert.deepEqual(await paths('filter status in [404, 500] or ms < 5'), ['/health', '/api/users', '/api/orders']);
  });

  it('stats count by bin(5m) and avg/pct by field', async () => {
    const bins = (await query('filter ispresent(status) | stats count(*) as n by bin(5m) as t | sort t asc')).rows;
    const fmt = (ms) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
    assert.deepEqual(bins, [{ t: fmt(base), n: '5' }, { t: fmt(base + 300_000), n: '1' }]);
    const byPath = (await query('filter ispresent(path) | stats count(*) as n, avg(ms) as avg, max(ms) as worst, pct(ms, 50) as p50 by path | filter n > 1')).rows;
    assert.deepEqual(byPath, [{ path: '/api/orders', n: '3', avg: String((40 + 900 + 60) / 3), worst: '900', p50: '60' }]);
  });

  it('parse: a glob with names, and a regex with named groups', async () => {
    const glob = (await query('parse @message "[*] job * *" as level, job, rest | filter level = "ERROR" | display job, rest')).rows;
    assert.deepEqual(glob, [{ job: '18', rest: 'failed: disk full' }]);
    const regex = (await query('parse @message /done in (?<took>\\d+) ms/ | filter ispresent(took) | stats sum(took) as total')).rows;
    assert.deepEqual(regex, [{ total: '200' }]);
  });

  it('the request limit caps the rows; GetLogRecord returns every field of a row', async () => {
    const { rows } = await query('fields @message', { limit: 2 }, { keepPtr: true });
    assert.equal(rows.length, 2);
    const { logRecord } = await logs.send(new GetLogRecordCommand({ logRecordPointer: rows[0]['@ptr'] }));
    assert.equal(logRecord['@logStream'], 'worker/1');
    assert.equal(logRecord['@message'], '[INFO] job 19 done in 80 ms');
    assert.equal(logRecord['@timestamp'], String(base + 400_000));
    assert.match(logRecord['@log'], new RegExp(`:${group}$`));
  });

  it('DescribeQueries lists them, newest first; StopQuery refuses a finished one', async () => {
    const { queryId } = await query('fields @message | limit 1');
    const { queries } = await logs.send(new DescribeQueriesCommand({ logGroupName: group, status: 'Complete' }));
    assert.equal(queries[0].queryId, queryId);
    assert.equal(queries[0].logGroupName, group);
    assert.equal(queries[0].queryString, 'fields @message | limit 1');
    assert.ok(queries.length >= 6);
    await expectError(logs.send(new StopQueryCommand({ queryId })), 'InvalidParameterException');
  });
});

describe('Logs Insights errors', () => {
  it('a query Berth cannot run is MalformedQueryException naming the place and the command', async () => {
    const e = await expectError(logs.send(new StartQueryCommand({ logGroupName: group, ...window, queryString: 'fields @message | pattern @message' })), 'MalformedQueryException');
    assert.match(e.message, /'pattern' command.*characters 18-24/);
    await expectError(logs.send(new StartQueryCommand({ logGroupName: group, ...window, queryString: 'fields nosuchfn(@message)' })), 'MalformedQueryException', { message: /nosuchfn/ });
  });

  it('an unknown group is ResourceNotFoundException; bad parameters InvalidParameterException', async () => {
    await expectError(logs.send(new StartQueryCommand({ logGroupName: `${group}-missing`, ...window, queryString: 'fields @message' })), 'ResourceNotFoundException');
    await expectError(logs.send(new StartQueryCommand({ ...window, queryString: 'fields @message' })), 'InvalidParameterException');
    await expectError(logs.send(new StartQueryCommand({ logGroupName: group, startTime: 100, endTime: 50, queryString: 'fields @message' })), 'InvalidParameterException');
    await expectError(logs.send(new GetQueryResultsCommand({ queryId: '00000000-0000-0000-0000-000000000000' })), 'ResourceNotFoundException');
    await expectError(logs.send(new GetLogRecordCommand({ logRecordPointer: 'not-a-pointer' })), 'InvalidParameterException');
  });
});

describe('Logs Insights with the AWS CLI', () => {
  it('aws logs start-query and get-query-results', async () => {
    const { queryId } = cli('logs', 'start-query', '--log-group-names', group,
      '--start-time', String(window.startTime), '--end-time', String(window.endTime),
      '--query-string', 'filter status = 200 | stats count(*) as ok');
    const r = await waitFor(async () => {
      const out = cli('logs', 'get-query-results', '--query-id', queryId);
      return out.status === 'Complete' ? out : undefined;
    }, 30_000, 200);
    assert.deepEqual(r.results, [[{ field: 'ok', value: '4' }]]);
    const stderr = cliFails('MalformedQueryException', 'logs', 'start-query', '--log-group-name', group,
      '--start-time', String(window.startTime), '--end-time', String(window.endTime), '--query-string', 'fields @message |');
    assert.match(stderr, /unexpected end of query/);
  });
});
