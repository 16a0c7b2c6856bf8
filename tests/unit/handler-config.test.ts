import { describe, expect, it } from 'vitest';
import { ConfigError, loadPollerConfig } from '../../lambdas/poller/config.ts';
import { DEFAULT_MAX_FEEDS_IN_FLIGHT } from '../../lambdas/poller/poll-cycle.ts';

const FEEDS = JSON.stringify([{ id: 'infobae', url: 'https://www.infobae.com/feeds/rss/', lang: 'es' }, { id: 'bbc', url: 'https://feeds.bbci.co.uk/news/world/rss.xml' }]);
const valid = { TABLE_NAME: 'casewatch', TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:casewatch-alerts', FEEDS_JSON: FEEDS };

describe('poller environment', () => {
  it('applies the documented defaults when only the required variables are set', () => {
    expect(loadPollerConfig(valid)).toEqual({
      tableName: 'casewatch',
      topicArn: valid.TOPIC_ARN,
      caseIds: ['amia-1994'],
      feeds: [{ id: 'infobae', url: 'https://www.infobae.com/feeds/rss/', lang: 'es' }, { id: 'bbc', url: 'https://feeds.bbci.co.uk/news/world/rss.xml' }],
      serviceName: 'casewatch-poller',
      metricsNamespace: 'casewatch',
      feedTimeoutMs: 20_000,
      feedMaxBytes: 10 * 1024 * 1024,
      maxFeedsInFlight: DEFAULT_MAX_FEEDS_IN_FLIGHT,
    });
  });

  it('reads the optional variables, splitting and trimming the case ids', () => {
    const c = loadPollerConfig({ ...valid, CASE_IDS: ' amia-1994 , embassy-1992 ', FEED_TIMEOUT_MS: '8000', FEED_MAX_BYTES: '1048576', MAX_FEEDS_IN_FLIGHT: '8', POWERTOOLS_SERVICE_NAME: 'poller', POWERTOOLS_METRICS_NAMESPACE: 'cw' });
    expect(c).toMatchObject({ caseIds: ['amia-1994', 'embassy-1992'], feedTimeoutMs: 8000, feedMaxBytes: 1048576, maxFeedsInFlight: 8, serviceName: 'poller', metricsNamespace: 'cw' });
  });

  it('fails naming FEEDS_JSON or FEEDS_FILE when neither is set, and refuses both at once', () => {
    expect(() => loadPollerConfig({ ...valid, FEEDS_JSON: undefined })).toThrow(new ConfigError('environment variable FEEDS_JSON (or FEEDS_FILE) is required'));
    expect(() => loadPollerConfig({ ...valid, FEEDS_FILE: 'feeds.json' }, () => FEEDS)).toThrow('environment variables FEEDS_JSON and FEEDS_FILE: set one, not both');
  });

  it('reads the feed list from the bundled file FEEDS_FILE names, when the list did not fit the environment', () => {
    const read: string[] = [];
    const c = loadPollerConfig({ ...valid, FEEDS_JSON: undefined, FEEDS_FILE: 'feeds.json' }, (name) => {
      read.push(name);
      return FEEDS;
    });
    expect(read).toEqual(['feeds.json']);
    expect(c.feeds.map((f) => f.id)).toEqual(['infobae', 'bbc']);
  });

  it('names FEEDS_FILE when its file is missing or holds a bad list', () => {
    const missing = () => {
      throw new Error('ENOENT: no such file');
    };
    expect(() => loadPollerConfig({ ...valid, FEEDS_JSON: undefined, FEEDS_FILE: 'feeds.json' }, missing)).toThrow('environment variable FEEDS_FILE: cannot read feeds.json (ENOENT: no such file)');
    expect(() => loadPollerConfig({ ...valid, FEEDS_JSON: undefined, FEEDS_FILE: 'feeds.json' }, () => '[{"id":"x","url":"ftp://x"}]')).toThrow('environment variable FEEDS_FILE: feeds.json: feeds[0].url: must be an http(s) URL');
  });

  it.each(['TABLE_NAME', 'TOPIC_ARN'])('fails naming %s when it is missing or empty', (name) => {
    expect(() => loadPollerConfig({ ...valid, [name]: undefined })).toThrow(new ConfigError(`environment variable ${name} is required`));
    expect(() => loadPollerConfig({ ...valid, [name]: '' })).toThrow(`environment variable ${name} is required`);
  });

  it.each([
    ['TOPIC_ARN', 'casewatch-alerts', /TOPIC_ARN: not an SNS topic ARN/],
    ['FEED_TIMEOUT_MS', 'soon', /FEED_TIMEOUT_MS/],
    ['MAX_FEEDS_IN_FLIGHT', '0', /MAX_FEEDS_IN_FLIGHT/],
    ['CASE_IDS', ' , ', /CASE_IDS: at least one case id/],
    ['FEEDS_JSON', '[{"id":"x"', /FEEDS_JSON: not valid JSON/],
    ['FEEDS_JSON', '[{"id":"x","url":"file:///etc/passwd"}]', /FEEDS_JSON: feeds\[0\]\.url/],
  ])('fails naming %s when it is invalid (%s)', (name, value, message) => {
    expect(() => loadPollerConfig({ ...valid, [name]: value })).toThrow(message);
  });
});
