import type { FastifyRequest } from 'fastify';

/** The three steps of a phone's search: the menu leads to the input screen, which leads to the lookup. */
export type PhoneStep = 'menu' | 'input' | 'lookup';

const NEXT: Record<PhoneStep, PhoneStep> = { menu: 'input', input: 'lookup', lookup: 'lookup' };

/**
 * The URL the document of `step` points the phone at (reference §8.2): the request's `Proxy-URL` header as it
 * is, when a proxy in front of dird sets it; otherwise this request's URL without its query, with the first
 * `menu` (on the menu) or `input` (on the input screen) replaced by the next step, so that a profile named
 * `menu` gives `/directories/input/menu/...`. xivo-dird replaced in the whole URL, so a server named
 * `menu.example.com` broke the menu; dird replaces in the path only.
 */
export function nextStepUrl(request: FastifyRequest, step: PhoneStep): string {
  const proxy = request.headers['proxy-url'];
  const proxyUrl = Array.isArray(proxy) ? proxy[0] : proxy;
  if (proxyUrl) return proxyUrl;
  const query = request.url.indexOf('?');
  const path = query === -1 ? request.url : request.url.slice(0, query);
  const next = step === 'lookup' ? path : path.replace(step, NEXT[step]);
  return `${request.protocol}://${hostOf(request)}${next}`;
}

/** Where the phone reached dird: its Host header (HTTP/1.1 requires it), else the socket's local address. */
function hostOf(request: FastifyRequest): string {
  const host = request.headers.host;
  if (host) return host;
  const { localAddress = '127.0.0.1', localPort } = request.socket;
  return `${localAddress.includes(':') ? `[${localAddress}]` : localAddress}:${localPort}`;
}

/**
 * `base` with the query `params` appended, each value percent-encoded: xivo-dird wrote the term raw into the
 * URL, so a term holding `&`, `#` or a space broke the next page; dird encodes it. The result is a URL, to be
 * XML-escaped like any value.
 */
export function withQuery(base: string, params: Readonly<Record<string, string | number>>): string {
  const query = Object.entries(params)
    .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
    .join('&');
  return `${base}${base.includes('?') ? '&' : '?'}${query}`;
}
