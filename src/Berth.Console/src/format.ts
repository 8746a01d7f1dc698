// Times and names as people read them.

/** AWS JSON times are epoch seconds (numbers); some are ISO text. */
export function toDate(t: unknown): Date | undefined {
  if (t === undefined || t === null || t === '') return undefined;
  if (typeof t === 'number') return new Date(t * 1000);
  const d = new Date(String(t));
  return isNaN(d.getTime()) ? undefined : d;
}

export function relative(t: unknown, now = Date.now()): string {
  const d = toDate(t);
  if (!d) return '—';
  const s = Math.round((now - d.getTime()) / 1000);
  const abs = Math.abs(s);
  const unit = abs < 60 ? [abs, 's'] : abs < 3600 ? [Math.floor(abs / 60), 'min'] : abs < 86400 ? [Math.floor(abs / 3600), 'h'] : [Math.floor(abs / 86400), 'd'];
  if (abs < 5) return 'just now';
  return s >= 0 ? `${unit[0]} ${unit[1]} ago` : `in ${unit[0]} ${unit[1]}`;
}

export function absolute(t: unknown): string {
  const d = toDate(t);
  return d ? d.toLocaleString(undefined, { hour12: false }) : '';
}

/** CloudWatch Logs times are epoch milliseconds. */
export const absoluteMs = (ms: number) => new Date(ms).toLocaleString(undefined, { hour12: false });

export const lastPart = (arn?: string) => (arn ?? '').split('/').pop() ?? '';
export const shortId = (arn?: string) => lastPart(arn).slice(0, 12);
/** family:revision from a task definition ARN. */
export const taskDefName = (arn?: string) => lastPart(arn);
export const clusterName = (arn?: string) => lastPart(arn);

export function bytes(n?: number): string {
  if (n === undefined || n === null) return '—';
  const units = ['B', 'KB', 'MB', 'GB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${v.toFixed(v < 10 && i > 0 ? 1 : 0)} ${units[i]}`;
}
