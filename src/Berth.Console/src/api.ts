// Talks to berthd: the session routes, and AWS calls through /console/api/aws (the same operations as POST /).
// The session lives in an HttpOnly cookie; the CSRF token is kept in memory only, and fetched again after a reload.

export class ApiError extends Error {
  constructor(readonly status: number, readonly type: string, message: string) {
    super(message);
  }
}

export interface Session { accessKeyId: string; arn?: string; expiresAt: number; csrfToken: string }

/** A refusal by IAM: AccessDeniedException (JSON services) or AccessDenied (Query services). */
export const isDenied = (e: unknown): e is ApiError => e instanceof ApiError && (e.type === 'AccessDeniedException' || e.type === 'AccessDenied');

/** The action a refusal names ("... is not authorized to perform: ecs:ListServices on resource ..."), if it names one. */
export const deniedAction = (e: ApiError): string | undefined => /to perform: ([\w-]+:[\w*]+)/.exec(e.message)?.[1];

let csrf = '';
let onSignedOut: () => void = () => {};

export function whenSignedOut(f: () => void) { onSignedOut = f; }

async function errorOf(res: Response): Promise<ApiError> {
  const text = await res.text();
  try {
    const j = JSON.parse(text);
    return new ApiError(res.status, String(j.__type ?? '').split('#').pop() ?? '', j.message ?? j.Message ?? text);
  } catch {
    const xml = new DOMParser().parseFromString(text, 'text/xml');
    const code = xml.querySelector('Error > Code')?.textContent;
    const message = xml.querySelector('Error > Message')?.textContent;
    return new ApiError(res.status, code ?? 'Error', message ?? (text || res.statusText));
  }
}

export async function getSession(): Promise<Session | null> {
  const res = await fetch('api/session', { credentials: 'same-origin' });
  if (res.status === 401) return null;
  if (!res.ok) throw await errorOf(res);
  const s = (await res.json()) as Session;
  csrf = s.csrfToken;
  return s;
}

export async function signIn(accessKeyId: string, secretAccessKey: string): Promise<Session> {
  const res = await fetch('api/session', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ accessKeyId, secretAccessKey }),
  });
  if (!res.ok) throw await errorOf(res);
  const s = (await res.json()) as Session;
  csrf = s.csrfToken;
  return s;
}

export async function signOut() {
  await fetch('api/session', { method: 'DELETE', credentials: 'same-origin', headers: { 'x-berth-csrf': csrf } });
  csrf = '';
}

async function send(headers: Record<string, string>, body: string): Promise<Response> {
  const res = await fetch('api/aws', { method: 'POST', credentials: 'same-origin', headers: { ...headers, 'x-berth-csrf': csrf }, body });
  if (res.status === 401) {
    csrf = '';
    onSignedOut();
  }
  if (!res.ok) throw await errorOf(res);
  return res;
}

/** An AWS JSON call: target is Prefix.Operation. */
export async function call<T = any>(target: string, body: object = {}): Promise<T> {
  const json10 = target.startsWith('Granite');
  const res = await send({ 'content-type': json10 ? 'application/x-amz-json-1.0' : 'application/x-amz-json-1.1', 'x-amz-target': target }, JSON.stringify(body));
  return (await res.json()) as T;
}

export const ecs = <T = any>(op: string, body: object = {}) => call<T>(`AmazonEC2ContainerServiceV20141113.${op}`, body);
export const logs = <T = any>(op: string, body: object = {}) => call<T>(`Logs_20140328.${op}`, body);
export const ecr = <T = any>(op: string, body: object = {}) => call<T>(`AmazonEC2ContainerRegistry_V20150921.${op}`, body);
export const cloudwatch = <T = any>(op: string, body: object = {}) => call<T>(`GraniteServiceVersion20100801.${op}`, body);
export const servicediscovery = <T = any>(op: string, body: object = {}) => call<T>(`Route53AutoNaming_v20170314.${op}`, body);

/** An ELBv2 Query call; the answer is the XML document. */
export async function elb(action: string, params: Record<string, string> = {}): Promise<Document> {
  const form = new URLSearchParams({ Action: action, Version: '2015-12-01', ...params });
  const res = await send({ 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, form.toString());
  return new DOMParser().parseFromString(await res.text(), 'text/xml');
}

/** An EC2 call (its own Query dialect: lists of <item>, no Result wrapper); the answer is the XML document. */
export async function ec2(action: string, params: Record<string, string> = {}): Promise<Document> {
  const form = new URLSearchParams({ Action: action, Version: '2016-11-15', ...params });
  const res = await send({ 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, form.toString());
  return new DOMParser().parseFromString(await res.text(), 'text/xml');
}

/** The <item> elements of an EC2 list (e.g. networkInterfaceSet, groupSet). */
export function items(doc: Document | Element, listName: string): Element[] {
  const list = Array.from(doc.getElementsByTagName(listName))[0];
  return list ? Array.from(list.children).filter((c) => c.tagName === 'item') : [];
}

/** The member elements of a list in an XML answer, each as a flat record of its child elements' text. */
export function members(doc: Document | Element, listName: string): Element[] {
  const list = Array.from(doc.getElementsByTagName(listName))[0];
  return list ? Array.from(list.children).filter((c) => c.tagName === 'member') : [];
}

export const text = (el: Element | undefined | null, name: string): string => {
  if (!el) return '';
  const child = Array.from(el.children).find((c) => c.tagName === name);
  return child?.textContent ?? '';
};

/** Every page of a paged list call. */
export async function all<T>(fetchPage: (token?: string) => Promise<{ items: T[]; next?: string }>, max = 20): Promise<T[]> {
  const out: T[] = [];
  let token: string | undefined;
  for (let i = 0; i < max; i++) {
    const page = await fetchPage(token);
    out.push(...page.items);
    token = page.next;
    if (!token) break;
  }
  return out;
}

/** describe* calls take at most 100 (ECS services: 10) names at a time. */
export async function inChunks<T, R>(items: T[], size: number, f: (chunk: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await f(items.slice(i, i + size))));
  return out;
}
