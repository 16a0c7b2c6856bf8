import { describe, expect, it } from 'vitest';
import { httpStatusReason, isForbiddenAddress, networkErrorReason, parseRetryAfter, refuseUrl } from '../../lambdas/feeds/fetch-policy.ts';

describe('isForbiddenAddress', () => {
  it.each(['169.254.169.254', '169.254.0.1', 'fe80::1', 'FE80::abcd%eth0', '::ffff:169.254.169.254', '100.100.100.200', 'fd00:ec2::254'])('refuses %s', (ip) => {
    expect(isForbiddenAddress(ip)).toBe(true);
  });
  it.each(['127.0.0.1', '::1', '10.0.0.5', '192.168.1.1', '93.184.216.34', '2606:4700::1111', '169.253.1.1'])('allows %s', (ip) => {
    expect(isForbiddenAddress(ip)).toBe(false);
  });
});

describe('refuseUrl', () => {
  it.each([
    ['file:///etc/passwd', 'refused: file URL (only http and https are fetched)'],
    ['ftp://ftp.example/feed.xml', 'refused: ftp URL (only http and https are fetched)'],
    ['http://169.254.169.254/latest/meta-data/', 'refused: 169.254.169.254 is a link-local or metadata address'],
    ['http://[fe80::1]/', 'refused: fe80::1 is a link-local or metadata address'],
    ['http://metadata.google.internal/computeMetadata/v1/', 'refused: metadata.google.internal is a cloud metadata host'],
  ])('refuses %s', (url, reason) => {
    expect(refuseUrl(new URL(url))).toBe(reason);
  });
  it('allows http and https, loopback included', () => {
    expect(refuseUrl(new URL('https://news.example/rss'))).toBeUndefined();
    expect(refuseUrl(new URL('http://127.0.0.1:8080/feed'))).toBeUndefined();
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it.each([
    ['120', 120],
    [' 0 ', 0],
    ['Thu, 01 Jan 2026 00:01:30 GMT', 90],
    ['Wed, 31 Dec 2025 23:00:00 GMT', 0],
    ['soon', undefined],
    [null, undefined],
  ])('reads %s as %s seconds', (header, seconds) => {
    expect(parseRetryAfter(header, now)).toBe(seconds);
  });
});

describe('one-line failure reasons', () => {
  it('names the HTTP status with its standard text when the server gives none', () => {
    expect(httpStatusReason(404, '')).toBe('HTTP 404 Not Found');
    expect(httpStatusReason(500, 'Oops')).toBe('HTTP 500 Oops');
  });

  it('names the system error code and host of a connection failure', () => {
    const err = new TypeError('fetch failed', { cause: Object.assign(new Error('getaddrinfo ENOTFOUND feeds.invalid'), { code: 'ENOTFOUND' }) });
    expect(networkErrorReason(err, 'feeds.invalid')).toBe('cannot connect: ENOTFOUND feeds.invalid');
  });
});
