import { describe, expect, it } from 'vitest';
import { parseAlertFilter, StackConfigError } from '../../lib/config.ts';
import { Template } from 'aws-cdk-lib/assertions';
import { BUNDLED_FEEDS_FILE } from '../../lib/constructs/poller-function.ts';
import { build, synth, writeFeedsFile } from './synth.ts';

describe('a bad context value fails synth with a message naming the key', () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['an address without a domain', { alertEmails: 'ops@example.org,not-an-email' }, /context "alertEmails": "not-an-email" is not an email address/],
    ['a phone number without +country code', { alertPhones: '5555550100' }, /context "alertPhones": "5555550100" is not an E\.164 phone number/],
    ['a phone number with letters', { alertPhones: '+1555CALLNOW' }, /context "alertPhones": .* is not an E\.164/],
    ['pollRate=0', { pollRate: '0' }, /context "pollRate": "0" must be at least 1 minute/],
    ['pollRate above a day', { pollRate: '1441' }, /context "pollRate": "1441" must be at most 1440 minutes/],
    ['a fractional pollRate', { pollRate: '2.5' }, /context "pollRate": "2.5" must be a whole number of minutes/],
    ['a pollRate that is not a number', { pollRate: 'often' }, /context "pollRate": "often" must be a whole number of minutes/],
    ['alertFilter that is broken JSON', { alertFilter: '{"sms": {"eventType": [' }, /context "alertFilter": not valid JSON/],
    ['alertFilter on an attribute alerts do not carry', { alertFilter: '{"sms": {"event": ["travel"]}}' }, /context "alertFilter": sms filters on unknown attribute "event"/],
    ['alertFilter with an unknown event type', { alertFilter: '{"sms": {"eventType": ["arrest"]}}' }, /context "alertFilter": sms eventType "arrest" is not one of travel, arrest_request/],
    ['alertFilter for an unknown subscriber kind', { alertFilter: '{"pager": {"eventType": ["travel"]}}' }, /context "alertFilter": unknown subscriber kind "pager"/],
    ['alertFilter with an empty value list', { alertFilter: '{"sms": {"eventType": []}}' }, /context "alertFilter" at sms\.eventType: needs at least one value/],
    ['alertFilter in neither syntax', { alertFilter: 'sms=travel' }, /context "alertFilter": "sms=travel" is neither JSON nor kind:attribute=value/],
    ['retainData that is not a boolean', { retainData: 'maybe' }, /context "retainData": expected true or false, got "maybe"/],
    ['a feeds file that does not exist', { feeds: '/nonexistent/feeds.json' }, /context "feeds": \/nonexistent\/feeds\.json does not exist/],
    ['a caseFiles folder that does not exist', { caseFiles: '/nonexistent/cases' }, /context "caseFiles": cannot read \/nonexistent\/cases \(ENOENT\)/],
  ];
  it.each(cases)('rejects %s', (_label, context, message) => {
    expect(() => build(context)).toThrow(StackConfigError);
    expect(() => build(context)).toThrow(message);
  });

  it('rejects a feeds file that is not JSON', () => {
    expect(() => build({ feeds: writeFeedsFile('{"feeds": [') })).toThrow(/context "feeds": .*feeds\.json: not valid JSON/);
  });

  it('rejects a feed without a URL, naming the entry', () => {
    expect(() => build({ feeds: writeFeedsFile({ feeds: [{ id: 'x' }] }) })).toThrow(/context "feeds": .*feeds\.json: feeds\[0\]\.url: /);
  });

  it('rejects a feed list with a duplicate id', () => {
    const feeds = { feeds: [{ id: 'a', url: 'https://a.example/rss' }, { id: 'a', url: 'https://b.example/rss' }] };
    expect(() => build({ feeds: writeFeedsFile(feeds) })).toThrow(/duplicate feed id 'a'/);
  });

});

describe('the feed list reaches the poller', () => {
  const pollerVariables = (template: Template): Record<string, unknown> => {
    const fns = Object.values(template.findResources('AWS::Lambda::Function', { Properties: { ReservedConcurrentExecutions: 1 } }));
    return (fns[0] as { Properties: { Environment: { Variables: Record<string, unknown> } } }).Properties.Environment.Variables;
  };

  it('in FEEDS_JSON when it fits Lambda\'s 4 KB of variables', () => {
    const vars = pollerVariables(synth({}, { nag: false }).template);
    expect(vars.FEEDS_JSON).toBeDefined();
    expect(vars.FEEDS_FILE).toBeUndefined();
  });

  it('as a file in the bundle, named by FEEDS_FILE, when it is too long for the variables', () => {
    const feeds = Array.from({ length: 40 }, (_, i) => ({ id: `feed-${i}`, url: `https://news.example.org/rss/a-rather-long-section-path/${i}?format=xml`, name: `Example feed number ${i}` }));
    const vars = pollerVariables(synth({ feeds: writeFeedsFile({ feeds }) }, { nag: false }).template);
    expect(vars.FEEDS_JSON).toBeUndefined();
    expect(vars.FEEDS_FILE).toBe(BUNDLED_FEEDS_FILE);
  });
});

describe('good context values are accepted in the forms a user types', () => {
  it('reads comma-separated emails and phones, trimming spaces and dropping repeats', () => {
    const { config } = build({ alertEmails: ' a@example.org, b@example.org ,a@example.org', alertPhones: '+15555550100, +34 600-000-000' });
    expect(config.alertEmails).toEqual(['a@example.org', 'b@example.org']);
    expect(config.alertPhones).toEqual(['+15555550100', '+34600000000']);
  });

  it('applies the defaults when no context is given', () => {
    const { config } = build();
    expect(config).toMatchObject({ alertEmails: [], alertPhones: [], pollRate: 10, retainData: true, alertFilter: {} });
    expect(config.caseFiles.map((f) => f.record.caseId)).toContain('amia-1994');
  });

  it('reads the short filter syntax into the same policy as the JSON form', () => {
    const short = parseAlertFilter('sms:eventType=arrest_request|detention; email:country=AR');
    const json = parseAlertFilter('{"sms": {"eventType": ["arrest_request", "detention"]}, "email": {"country": ["AR"]}}');
    expect(short).toEqual(json);
    expect(short.sms).toEqual({ eventType: ['arrest_request', 'detention'] });
  });

  it('keeps SNS operators such as anything-but in the JSON form', () => {
    expect(parseAlertFilter('{"email": {"country": [{"anything-but": ["IR"]}]}}')).toEqual({ email: { country: [{ 'anything-but': ['IR'] }] } });
  });

  it('schedules rate(1 minute) for pollRate=1, the singular EventBridge accepts', () => {
    const { template } = synth({ pollRate: '1' });
    template.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'rate(1 minute)' });
  });
});
