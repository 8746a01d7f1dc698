// A small SVG line chart: percentages over time, one line per series. No charting library needed for this.

export interface Series { name: string; color: string; points: [number, number][] } // [epoch ms, value]

const W = 640, H = 200, L = 40, R = 12, T = 12, B = 26;

export function LineChart({ series, label, unit = '%' }: { series: Series[]; label: string; unit?: string }) {
  const all = series.flatMap((s) => s.points);
  if (all.length === 0) return <div class="empty small" data-chart="empty"><strong>No data points yet</strong><p>Berth samples running tasks every few seconds; points appear once a task has run for a while.</p></div>;
  // The time axis ends now, so a service that stopped reporting shows a gap rather than a stretched line.
  const t0 = Math.min(...all.map((p) => p[0])), t1 = Math.max(...all.map((p) => p[0]), t0 + 60_000, Date.now());
  const top = Math.max(unit === '%' ? 5 : 1, ...all.map((p) => p[1])) * 1.1;
  const x = (t: number) => L + ((t - t0) / (t1 - t0)) * (W - L - R);
  const y = (v: number) => T + (1 - v / top) * (H - T - B);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * top);
  const times = [0, 0.5, 1].map((f) => t0 + f * (t1 - t0));
  const fmt = (v: number) => (v >= 10 ? v.toFixed(0) : v.toFixed(1));
  return (
    <figure class="chart" data-chart="lines" aria-label={label}>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label}>
        {ticks.map((v) => <g><line x1={L} x2={W - R} y1={y(v)} y2={y(v)} class="grid" /><text x={L - 6} y={y(v) + 4} class="axis" text-anchor="end">{fmt(v)}{unit}</text></g>)}
        {times.map((t, i) => <text x={x(t)} y={H - 6} class="axis" text-anchor={i === 0 ? 'start' : i === 2 ? 'end' : 'middle'}>{new Date(t).toLocaleTimeString(undefined, { hour12: false, hour: '2-digit', minute: '2-digit', second: t1 - t0 < 600_000 ? '2-digit' : undefined })}</text>)}
        {series.map((s) => s.points.length === 1
          ? <circle cx={x(s.points[0][0])} cy={y(s.points[0][1])} r="3" fill={s.color} />
          : <polyline points={s.points.map((p) => `${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join(' ')} fill="none" stroke={s.color} stroke-width="2" stroke-linejoin="round" />)}
      </svg>
      <figcaption>
        {series.map((s) => {
          const last = s.points[s.points.length - 1];
          return <span class="legend"><i style={{ background: s.color }} />{s.name}{last ? `: ${fmt(last[1])}${unit}` : ''}</span>;
        })}
      </figcaption>
    </figure>
  );
}
