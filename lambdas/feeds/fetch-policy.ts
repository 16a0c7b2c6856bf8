/**
 * The pure parts of the fetch policy: which URLs may be fetched (http/https, no link-local or
 * cloud metadata address), how to read Retry-After, and how to say a failure in one line.
 */
import { isIP } from 'node:net';
import { STATUS_CODES } from 'node:http';

/** Hosts that serve cloud instance metadata (credentials) under a name rather than an address. */
const METADATA_HOSTS = new Set(['metadata.google.internal', 'metadata.goog', 'metadata']);
/** Alibaba Cloud's metadata service sits outside the link-local range. */
const METADATA_ADDRESSES = new Set(['100.100.100.200', 'fd00:ec2::254']);

function ipv4Octets(ip: string): number[] | undefined {
  if (isIP(ip) !== 4) return undefined;
  return ip.split('.').map(Number);
}

/**
 * Whether an address is link-local (169.254.0.0/16, fe80::/10, where AWS, GCP and Azure serve
 * instance metadata) or a known metadata address. Loopback and private ranges are allowed:
 * local tests and users' own feed servers live there.
 */
export function isForbiddenAddress(address: string): boolean {
  let ip = address.replace(/^\[|\]$/g, '').toLowerCase();
  const zone = ip.indexOf('%');
  if (zone >= 0) ip = ip.slice(0, zone);
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(ip);
  if (mapped) ip = mapped[1]!;
  if (METADATA_ADDRESSES.has(ip)) return true;
  const v4 = ipv4Octets(ip);
  if (v4) return v4[0] === 169 && v4[1] === 254;
  if (isIP(ip) === 6) return /^fe[89ab][0-9a-f]:/.test(ip);
  return false;
}

/** Why a URL may not be fetched, or undefined if it may. */
export function refuseUrl(url: URL): string | undefined {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `refused: ${url.protocol.replace(/:$/, '')} URL (only http and https are fetched)`;
  const host = url.hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
  if (METADATA_HOSTS.has(host)) return `refused: ${host} is a cloud metadata host`;
  if (isForbiddenAddress(host)) return `refused: ${host} is a link-local or metadata address`;
  return undefined;
}

/**
 * Seconds to wait from a Retry-After header: delay-seconds or an HTTP date; undefined if
 * absent or unreadable. A date in the past means 0.
 */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v);
  const t = Date.parse(v);
  if (Number.isNaN(t)) return undefined;
  return Math.max(0, Math.ceil((t - now) / 1000));
}

/** "HTTP 404 Not Found". */
export function httpStatusReason(status: number, statusText?: string): string {
  const text = (statusText && statusText.trim()) || STATUS_CODES[status] || '';
  return `HTTP ${status}${text ? ` ${text}` : ''}`;
}

/** "20 s", "0.5 s". */
export function formatSeconds(ms: number): string {
  return `${+(ms / 1000).toFixed(1)} s`;
}

/**
 * One line for a network error from fetch (undici wraps the system error in `cause`):
 * "cannot connect: ENOTFOUND example.invalid", "connection reset: ECONNRESET".
 */
export function networkErrorReason(err: unknown, host: string): string {
  const cause = (err as { cause?: unknown })?.cause ?? err;
  const code = (cause as { code?: string })?.code ?? (err as { code?: string })?.code;
  const message = cause instanceof Error ? cause.message : String(cause);
  if (code && ['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL'].includes(code)) {
    return `cannot connect: ${code} ${host}`;
  }
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') return `connection reset by ${host}: ${code}`;
  if (code && /CERT|TLS|SSL|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO/.test(code)) return `TLS error with ${host}: ${code}`;
  return `fetch failed: ${code ? `${code} ` : ''}${message.split('\n')[0]}`.trim();
}
