// Fills a Sync list in the emulator fast: plain keep-alive HTTP requests, many in flight, straight
// to the emulator's REST API (twilio-node's per-request overhead would dominate at 100,000 items).
import http from 'node:http';
import type { EmulatorLike } from '../../scripts/emulator-env';

export interface FillOptions {
  inFlight?: number;
  /** Called after every `chunk` items, e.g. to clear the emulator's request log. */
  betweenChunks?: () => Promise<void>;
  chunk?: number;
}

export async function fillSyncList(
  emulator: EmulatorLike,
  list: string,
  items: (index: number) => object,
  count: number,
  { inFlight = 64, betweenChunks, chunk = 10_000 }: FillOptions = {},
): Promise<void> {
  const target = new URL(emulator.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: inFlight });
  const { sid, authToken } = emulator.mainAccount;
  const authorization = `Basic ${Buffer.from(`${sid}:${authToken}`).toString('base64')}`;
  const post = (path: string, form: Record<string, string>) =>
    new Promise<void>((resolve, reject) => {
      const body = new URLSearchParams(form).toString();
      const request = http.request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          method: 'POST',
          path,
          headers: {
            Authorization: authorization,
            'X-Twilio-Host': 'sync.twilio.com',
            'Content-Type': 'application/x-www-form-urlencoded',
            'Content-Length': Buffer.byteLength(body),
          },
        },
        (response) => {
          response.resume();
          response.on('end', () =>
            response.statusCode === 201
              ? resolve()
              : reject(new Error(`POST ${path} answered ${response.statusCode}`)),
          );
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  try {
    await post('/v1/Services/default/Lists', { UniqueName: list });
    for (let start = 0; start < count; start += chunk) {
      const end = Math.min(count, start + chunk);
      let next = start;
      // Appends from parallel workers: list order follows arrival, close to `index` order.
      await Promise.all(
        Array.from({ length: inFlight }, async () => {
          while (next < end) {
            const index = next++;
            await post(`/v1/Services/default/Lists/${list}/Items`, {
              Data: JSON.stringify(items(index)),
            });
          }
        }),
      );
      await betweenChunks?.();
    }
  } finally {
    agent.destroy();
  }
}
