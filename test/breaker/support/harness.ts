// A breaker wired to fakes: the in-memory gateway, a virtual clock, captured console lines and a
// captured alert webhook. Several breakers may share one gateway (concurrent instances).
import { createBreaker, type Breaker } from '../../../src/breaker/create-breaker';
import type { BreakerTiming } from '../../../src/breaker/handle-delivery';
import type { BreakerConfig } from '../../../src/config/load-config';
import type { FetchLike } from '../../../src/notify/webhook-channel';
import { AUDIT_LIST } from '../../../src/audit/sync-names';
import type { AuditEvent } from '../../../src/audit/audit-event';
import { FakeGateway } from './fake-gateway';
import { createVirtualClock, type VirtualClock } from '../../../src/runtime/virtual-clock';
import { baseConfig } from './deliveries';

export interface Harness {
  gateway: FakeGateway;
  /** Shared by every instance; moves when they all wait on it. */
  clock: VirtualClock;
  breaker: Breaker;
  lines: string[];
  webhookTexts: string[];
  /** Status the fake webhook answers; 'hang' never answers (until the channel's timeout). */
  webhookAnswer: number | 'hang';
  newInstance(): Breaker;
  auditEvents(): AuditEvent[];
}

export function harness(
  config: Partial<BreakerConfig> = {},
  timing: Partial<BreakerTiming> = {},
  gateway = new FakeGateway(),
): Harness {
  const clock = createVirtualClock();
  const h = {
    gateway,
    clock,
    lines: [] as string[],
    webhookTexts: [] as string[],
    webhookAnswer: 200 as number | 'hang',
  } as Harness;
  const fetch: FetchLike = async (_url, init) => {
    h.webhookTexts.push((JSON.parse(init.body) as { text: string }).text);
    if (h.webhookAnswer === 'hang') {
      await new Promise((resolve) => init.signal.addEventListener('abort', resolve));
      throw Object.assign(new Error('aborted'), { name: 'TimeoutError' });
    }
    return { ok: h.webhookAnswer < 300, status: h.webhookAnswer };
  };
  const full = baseConfig({
    alertWebhookUrl: 'https://hooks.example.test/services/fake',
    ...config,
  });
  h.newInstance = () =>
    createBreaker(full, {
      gateway,
      clock,
      log: (line) => h.lines.push(line),
      fetch,
      timing,
      random: () => 0.5,
    });
  h.breaker = h.newInstance();
  h.auditEvents = () => (gateway.lists.get(AUDIT_LIST) ?? []) as AuditEvent[];
  return h;
}
