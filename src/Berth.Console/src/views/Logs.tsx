import { useEffect, useRef, useState } from 'preact/hooks';
import { ecs, logs } from '../api';
import { logStreamsOf } from '../data';
import { href } from '../router';
import { absoluteMs } from '../format';
import { PageHeader } from '../components/Layout';
import { Badge, Card, Empty, ErrorBox, Loading } from '../components/ui';

interface Line { t: number; m: string; key: string }

/** A task's awslogs streams, one per container, read from the start and then followed (polling GetLogEvents with the forward token). */
export function Logs({ cluster, id }: { cluster: string; id: string }) {
  const [task, setTask] = useState<any>();
  const [streams, setStreams] = useState<{ container: string; group: string; stream: string }[]>();
  const [error, setError] = useState<Error | null>(null);
  const [selected, setSelected] = useState(0);
  const [follow, setFollow] = useState(true);
  useEffect(() => {
    (async () => {
      try {
        const t = (await ecs('DescribeTasks', { cluster, tasks: [id] })).tasks?.[0];
        setTask(t);
        setStreams(t ? await logStreamsOf(t) : []);
      } catch (e) { setError(e as Error); }
    })();
  }, [cluster, id]);
  const crumbs: [string, string][] = [['Clusters', href('clusters')], [cluster, href('clusters', cluster)], [`Task ${id.slice(0, 12)}`, href('clusters', cluster, 'tasks', id)]];
  const current = streams?.[selected];
  return (
    <>
      <PageHeader crumbs={crumbs} title="Logs" badge={task && <Badge value={task.lastStatus} />}
        actions={<label class="toggle"><input type="checkbox" checked={follow} onChange={(e) => setFollow(e.currentTarget.checked)} /> Follow</label>} />
      <ErrorBox error={error} />
      {!streams ? <Loading error={error} /> : streams.length === 0 ? (
        <Empty title="No awslogs streams for this task">Its containers do not use the awslogs log driver (logConfiguration in the task definition).</Empty>
      ) : (
        <Card title={<>{streams.length > 1 ? (
          <select value={selected} onChange={(e) => setSelected(Number(e.currentTarget.value))}>{streams.map((s, i) => <option value={i}>{s.container}</option>)}</select>
        ) : streams[0].container} <span class="muted small mono">{current!.group} › {current!.stream}</span></>}>
          <Tail key={`${current!.group}/${current!.stream}`} group={current!.group} stream={current!.stream} follow={follow} />
        </Card>
      )}
    </>
  );
}

function Tail({ group, stream, follow }: { group: string; stream: string; follow: boolean }) {
  const [lines, setLines] = useState<Line[]>([]);
  const [error, setError] = useState<Error | null>(null);
  const [loaded, setLoaded] = useState(false);
  const box = useRef<HTMLPreElement>(null);
  const token = useRef<string | undefined>();
  const followRef = useRef(follow);
  followRef.current = follow;
  useEffect(() => {
    let alive = true;
    let timer: number | undefined;
    const read = async () => {
      try {
        for (let page = 0; page < 20 && alive; page++) {
          const r = await logs('GetLogEvents', { logGroupName: group, logStreamName: stream, startFromHead: true, nextToken: token.current, limit: 1000 });
          const events = (r.events ?? []) as { timestamp: number; message: string }[];
          const first = token.current === undefined;
          token.current = r.nextForwardToken ?? token.current;
          if (events.length) setLines((old) => [...old, ...events.map((e, i) => ({ t: e.timestamp, m: e.message, key: `${e.timestamp}-${old.length + i}` }))].slice(-5000));
          if (events.length === 0 && !first) break;
          if (events.length < 1000) break;
        }
        setError(null);
      } catch (e) {
        if ((e as { type?: string }).type === 'ResourceNotFoundException' && alive) setError(new Error('No log lines yet: the stream starts when the container writes its first line.'));
        else if (alive) setError(e as Error);
      }
      if (alive) setLoaded(true);
      if (alive) schedule();
    };
    // While not following (or hidden), keep checking the switch but read nothing.
    const schedule = () => { timer = window.setTimeout(() => (alive ? (followRef.current && !document.hidden ? read() : schedule()) : undefined), 2000); };
    read();
    return () => { alive = false; clearTimeout(timer); };
  }, [group, stream]);
  useEffect(() => { if (follow && box.current) box.current.scrollTop = box.current.scrollHeight; }, [lines, follow]);
  return (
    <>
      <ErrorBox error={error} />
      {!loaded ? <Loading error={error} /> : lines.length === 0 && !error ? <Empty title="No log lines yet" /> : (
        <pre class="log" ref={box} data-testid="log-lines">{lines.map((l) => <div key={l.key}><span class="ts">{absoluteMs(l.t)}</span>{l.m}</div>)}</pre>
      )}
      {follow && <div class="muted small following">● Following — new lines appear as they are written</div>}
    </>
  );
}
