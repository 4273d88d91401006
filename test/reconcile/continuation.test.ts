import http from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { sendContinuation, signedContinuation } from '../../src/reconcile/continuation';
import { planReconcileTrigger, reconcileTriggerSpec } from '../../src/reconcile/reconcile-trigger';
import type { TriggerRecord } from '../../src/twilio/gateway';

const MAIN = { accountSid: 'AC' + '0'.repeat(32), authToken: 'fake-main-auth-token-for-tests' };

describe('sendContinuation', () => {
  test('posts the signed step and resolves without waiting for that step to answer', async () => {
    const seen: Array<{ signature: string; body: string; url: string }> = [];
    const held: http.ServerResponse[] = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({
          signature: String(req.headers['x-twilio-signature']),
          body,
          url: req.url ?? '',
        });
        held.push(res); // the next step is still running: no answer yet
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/reconcile`;
    try {
      const next = signedContinuation(url, MAIN, 'run-1', 3);
      expect(await sendContinuation(next)).toBe('sent');
      expect(seen).toHaveLength(1);
      const params = Object.fromEntries(new URLSearchParams(seen[0].body));
      expect(params).toEqual({ AccountSid: MAIN.accountSid, RunId: 'run-1', Step: '3' });
      expect(twilio.validateRequest(MAIN.authToken, seen[0].signature, url, params)).toBe(true);
    } finally {
      for (const res of held) res.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test('a target that refuses the connection is "failed", never thrown', async () => {
    const next = signedContinuation('http://127.0.0.1:9/reconcile', MAIN, 'run-1', 1);
    expect(await sendContinuation(next)).toBe('failed');
  });
});

describe('planReconcileTrigger', () => {
  const desired = reconcileTriggerSpec('breaker-1234-dev.twil.io', '0.01');
  const existing = (over: Partial<TriggerRecord>, n = 1): TriggerRecord => ({
    ...desired,
    sid: 'UT' + String(n).padStart(32, '0'),
    accountSid: MAIN.accountSid,
    ...over,
  });

  test('creates it, then leaves it alone; ignores every other trigger on the main account', () => {
    const other = existing({ friendlyName: 'finance alarm', triggerValue: '5000' }, 9);
    expect(planReconcileTrigger([other], desired)).toEqual([
      { kind: 'create', ruleId: 'reconcile:daily:price:totalprice', spec: desired },
    ]);
    expect(planReconcileTrigger([existing({}), other], desired)).toEqual([]);
  });

  test('a new domain is an update, a new value a replacement, extra copies are deleted', () => {
    const moved = existing({ callbackUrl: 'https://old.twil.io/reconcile' });
    expect(planReconcileTrigger([moved], desired)).toMatchObject([
      { kind: 'update', changes: { callbackUrl: desired.callbackUrl } },
    ]);
    expect(planReconcileTrigger([existing({ triggerValue: '1' })], desired)).toMatchObject([
      { kind: 'replace', fromValue: '1', spec: desired },
    ]);
    expect(planReconcileTrigger([existing({}, 1), existing({}, 2)], desired)).toMatchObject([
      { kind: 'delete', reason: 'duplicate', triggerSid: existing({}, 2).sid },
    ]);
    expect(planReconcileTrigger([existing({})], null)).toMatchObject([{ kind: 'delete' }]);
  });
});
