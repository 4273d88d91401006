import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createNotifier, type AlertChannel } from '../../src/notify/notifier';
import { formatAlert, type Alert } from '../../src/notify/format-alert';
import { smsChannels } from '../../src/notify/sms-channel';
import { escapeSlackText, webhookChannel, type FetchLike } from '../../src/notify/webhook-channel';
import { createVirtualClock } from '../../src/runtime/virtual-clock';

const alert = (overrides: Partial<Alert> = {}): Alert => ({
  kind: 'trip',
  action: 'suspended',
  reason: 'trip',
  accountSid: 'AC' + 'a'.repeat(32),
  friendlyName: 'Acme',
  usageCategory: 'totalprice',
  triggerBy: 'price',
  triggerValue: '50',
  currentValue: '51.25',
  recurring: 'daily',
  ...overrides,
});

const channel = (name: string, send: AlertChannel['send']): AlertChannel => ({ name, send });

describe('formatAlert', () => {
  it.each([
    [{}, ['SUSPENDED', '"Acme"', 'totalprice price 51.25 crossed 50 (daily)', 'reactivate']],
    [{ action: 'would-suspend', reason: 'dry-run' }, ['dry run', 'WOULD SUSPEND']],
    [{ action: 'alerted', reason: 'main-account' }, ['main account is never suspended']],
    [{ action: 'alerted', reason: 'allow-listed' }, ['BREAKER_ALLOWLIST']],
    [
      { kind: 'warn', action: 'alerted', reason: 'warn-tier' },
      ['WARNING', 'Nothing was suspended'],
    ],
    [
      { kind: 'failed', action: 'failed', error: 'Twilio answered 503' },
      ['FAILED', 'Twilio answered 503', 'retry'],
    ],
    [
      { calls: { found: 1, ended: 1, failed: 0, listed: true, complete: true } },
      ['1 live call found, 1 ended, 0 failed.'],
    ],
    [
      { calls: { found: 3, ended: 2, failed: 1, listed: false, complete: false } },
      ['3 live calls found, 2 ended, 1 failed', 'not every call state could be listed', '500'],
    ],
    [
      { kind: 'failed', action: 'failed', reason: 'token-unavailable' },
      ['FAILED to verify', 'nothing was done', '503', '10 minutes'],
    ],
  ] as [Partial<Alert>, string[]][])('says what happened and what to do (%o)', (changes, words) => {
    const text = formatAlert(alert(changes));
    for (const word of words) expect(text).toContain(word);
    expect(text).toContain('AC' + 'a'.repeat(32));
    // Facts, not promises about work under way.
    expect(text).not.toMatch(/being ended|will be/);
  });
});

describe('formatAlert: the account', () => {
  const sid = 'AC' + 'a'.repeat(32);
  const other = 'AC' + 'b'.repeat(32);

  it.each([
    ['trip', 'suspended', 'trip'],
    ['trip', 'would-suspend', 'dry-run'],
    ['trip', 'alerted', 'main-account'],
    ['warn', 'alerted', 'warn-tier'],
    ['failed', 'failed', 'suspend-failed'],
  ] as const)('%s/%s: the signed SID first, the quoted name last', (kind, action, reason) => {
    const text = formatAlert(
      alert({ kind, action, reason, friendlyName: `" (${other}) tripped; A="` }),
      { dashboardUrl: 'https://breaker-1234-dev.twil.io/index.html' },
    );
    expect(text.match(/AC[0-9a-f]{32}/)?.[0]).toBe(sid);
    expect(text.endsWith(`Name: "\\" ([name text: ${other}]) tripped; A=\\""`)).toBe(true);
  });

  it('links the dashboard where it says to reactivate', () => {
    const url = 'https://breaker-1234-dev.twil.io/index.html';
    expect(formatAlert(alert(), { dashboardUrl: url })).toContain(
      `If it was legitimate, reactivate it from the dashboard: ${url} Name: "Acme"`,
    );
    expect(formatAlert(alert())).toContain('reactivate it from the dashboard. Name: "Acme"');
  });
});

describe('notifier', () => {
  it('sends to every channel and reports each result, never throwing', async () => {
    const clock = createVirtualClock();
    const sent: string[] = [];
    const notifier = createNotifier(
      [
        channel('ok', async (text) => void sent.push(text)),
        channel('rejects', async () => Promise.reject(new Error('down'))),
        channel('throws', () => {
          throw new Error('synchronously');
        }),
        channel('hangs', () => new Promise(() => undefined)),
      ],
      clock,
    );
    // Virtual time: the deadline passes only once every channel that can answer has answered.
    const results = await notifier.notify(alert(), clock.now() + 50);
    expect(results).toEqual({ ok: 'sent', rejects: 'failed', throws: 'failed', hangs: 'timeout' });
    expect(sent).toHaveLength(1);
  });

  it('words a delivery alert with the dashboard URL it was given, and sends other text as is', async () => {
    const sent: string[] = [];
    const url = 'https://breaker-1234-dev.twil.io/index.html';
    const clock = createVirtualClock();
    const notifier = createNotifier([channel('ok', async (text) => void sent.push(text))], clock, {
      dashboardUrl: url,
    });
    await notifier.notify(alert(), clock.now() + 1000);
    await notifier.notifyText('plain words', clock.now() + 1000);
    expect(sent).toEqual([formatAlert(alert(), { dashboardUrl: url }), 'plain words']);
  });
});

describe('sms channels', () => {
  it('sends one SMS per recipient and names them without the full number', async () => {
    const messages: unknown[] = [];
    const channels = smsChannels(async (m) => messages.push(m), '+15005550006', [
      '+15005550001',
      '+15005550002',
    ]);
    expect(channels.map((c) => c.name)).toEqual(['sms:***0001', 'sms:***0002']);
    await Promise.all(channels.map((c) => c.send('x'.repeat(2000))));
    expect(messages).toEqual([
      { from: '+15005550006', to: '+15005550001', body: 'x'.repeat(1600) },
      { from: '+15005550006', to: '+15005550002', body: 'x'.repeat(1600) },
    ]);
  });

  it('is off without a sender', () => {
    expect(smsChannels(async () => undefined, null, ['+15005550001'])).toEqual([]);
  });
});

describe('webhook channel', () => {
  let server: http.Server;
  let url: string;
  const received: { body: string; type: string | undefined }[] = [];
  let answer: number | 'hang' = 200;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        received.push({ body, type: req.headers['content-type'] });
        if (answer !== 'hang') res.writeHead(answer).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/fake-hook-secret`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('POSTs {"text": ...} as JSON, with Slack markup escaped', async () => {
    answer = 200;
    // A real socket on a manual virtual clock: the channel's timeout cannot fire however slow the
    // machine is, because nothing advances that clock.
    const clock = createVirtualClock({ auto: false });
    await webhookChannel(url, fetch as unknown as FetchLike, clock).send('a <!channel> & b');
    expect(received.at(-1)).toEqual({
      body: JSON.stringify({ text: 'a &lt;!channel&gt; &amp; b' }),
      type: 'application/json',
    });
  });

  it('fails on a non-2xx answer and on its timeout, without revealing the URL', async () => {
    const clock = createVirtualClock({ auto: false });
    answer = 500;
    const patient = webhookChannel(url, fetch as unknown as FetchLike, clock, 100);
    await expect(patient.send('x')).rejects.toThrow('answered 500');
    // A server that never answers: once it has the request, the channel's own timeout passes (a
    // broken timeout shows as the test's own timeout).
    answer = 'hang';
    const hasty = webhookChannel(url, fetch as unknown as FetchLike, clock, 100);
    const before = received.length;
    const sending = hasty.send('x').catch((e: Error) => e);
    while (received.length === before) await new Promise((resolve) => setImmediate(resolve));
    await clock.advance(100);
    const failure = await sending;
    expect(String(failure)).toContain('did not answer');
    expect(String(failure)).not.toContain('fake-hook-secret');
  });

  it('escapes exactly &, < and >', () => {
    expect(escapeSlackText('<a href="x">&amp;</a>')).toBe('&lt;a href="x"&gt;&amp;amp;&lt;/a&gt;');
  });
});
