// The child process of breaker-cpu's real-client figures: runs trips one at a time through a
// breaker built as the Function builds it (createBreaker, the project's gateway over the real
// twilio-node client, no auto-retry, 2 s timeout) and prints {cpuUs, wallUs} per trip as one JSON
// line. Run under `node --cpu-prof` by bench/breaker-cpu.ts, so the profile attributes the CPU.
//   loopback <plan.json>   Twilio is an emulator in the parent process, over HTTP on 127.0.0.1:
//                          this process's CPU is the breaker's, twilio-node's and the sockets'.
//   in-memory <count>      the emulator runs here, reached through its in-memory client: no
//                          sockets; its own CPU is in this process and taken out by file.
import { readFileSync } from 'node:fs';
import twilio from 'twilio';
import { startEmulator } from '../../emulator';
import { createBreaker } from '../../src/breaker/create-breaker';
import { BREAKER_HTTP } from '../../src/breaker/breaker-function';
import { createTwilioGateway } from '../../src/twilio/gateway';
import { twilioHttpClient } from '../../src/twilio/http-client';
import { baseConfig, deliveryParams, signedDelivery } from '../../test/breaker/support/deliveries';
import type { RuntimeRequest } from '../../src/runtime/runtime-request';

export interface CpuPlan {
  url: string;
  main: { sid: string; token: string };
  accounts: Array<{ sid: string; token: string }>;
  warmup: number;
}

const trip = (a: { sid: string; token: string }, n: number): RuntimeRequest =>
  signedDelivery(a.sid, {
    token: a.token,
    params: deliveryParams(a.sid, { IdempotencyToken: `cpu-real-${n}` }),
  });

async function inMemoryPlan(count: number) {
  const emulator = await startEmulator({ maxSubaccounts: count + 10 });
  const accounts = Array.from({ length: count }, (_, i) => {
    const a = emulator.accounts.createSubaccount(`Cpu ${i}`);
    emulator.addCall({ accountSid: a.sid, status: 'in-progress' });
    return { sid: a.sid, token: a.auth_token };
  });
  const main = { sid: emulator.mainAccount.sid, token: emulator.mainAccount.authToken };
  const client = twilio(main.sid, main.token, {
    httpClient: emulator.requestClient({
      timeoutMs: BREAKER_HTTP.timeoutMs,
    }) as unknown as twilio.RequestClient,
  });
  return { main, accounts, client, close: () => emulator.close() };
}

async function main() {
  const [mode, arg] = process.argv.slice(2);
  const plan =
    mode === 'loopback'
      ? (() => {
          const p = JSON.parse(readFileSync(arg, 'utf8')) as CpuPlan;
          const client = twilio(p.main.sid, p.main.token, {
            httpClient: twilioHttpClient(
              { TWILIO_API_EMULATOR_URL: p.url },
              { autoRetry: false, maxRetries: 0, timeoutMs: BREAKER_HTTP.timeoutMs },
            ),
          });
          return { ...p, client, close: async () => undefined };
        })()
      : { ...(await inMemoryPlan(Number(arg))), warmup: Math.floor(Number(arg) / 5) };
  const breaker = createBreaker(
    baseConfig({ accountSid: plan.main.sid, authToken: plan.main.token }),
    { gateway: createTwilioGateway({ client: plan.client }), log: () => undefined },
  );
  const requests = plan.accounts.map(trip);
  const run = async (batch: RuntimeRequest[]) => {
    for (const request of batch) {
      const answer = await breaker.handle(request);
      if (answer.status !== 200) throw new Error(`answered ${answer.status} ${answer.body}`);
    }
  };
  await run(requests.slice(0, plan.warmup));
  const measured = requests.slice(plan.warmup);
  const wall = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  await run(measured);
  const used = process.cpuUsage(cpu);
  const wallNs = Number(process.hrtime.bigint() - wall);
  process.stdout.write(
    `${JSON.stringify({
      trips: measured.length,
      cpuUs: (used.user + used.system) / measured.length,
      wallUs: wallNs / 1000 / measured.length,
    })}\n`,
  );
  await plan.close();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
