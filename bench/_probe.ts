import http from 'node:http';
import { startEmulatorHost } from './support/emulator-host';
async function main() {
  const t0 = Date.now();
  const host = await startEmulatorHost({ seed: { subaccounts: 5 } });
  console.log('start', Date.now() - t0, host.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const auth =
    'Basic ' +
    Buffer.from(`${host.mainAccount.sid}:${host.mainAccount.authToken}`).toString('base64');
  const u = new URL(host.url);
  const post = (p: string, body: string) =>
    new Promise<number>((resolve, reject) => {
      const req = http.request(
        {
          agent,
          host: u.hostname,
          port: u.port,
          method: 'POST',
          path: p,
          headers: {
            Authorization: auth,
            'X-Twilio-Host': 'sync.twilio.com',
            'Content-Type': 'application/x-www-form-urlencoded',
            'Content-Length': Buffer.byteLength(body),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode!));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  console.log(await post('/v1/Services/default/Lists', 'UniqueName=breaker-audit'));
  const N = 20000;
  let i = 0;
  const t1 = Date.now();
  const st: Record<number, number> = {};
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      while (i < N) {
        i++;
        const s = await post(
          '/v1/Services/default/Lists/breaker-audit/Items',
          'Data=' +
            encodeURIComponent(
              JSON.stringify({
                id: 'ev-' + i,
                time: new Date().toISOString(),
                action: 'suspended',
                accountSid: 'AC' + '0'.repeat(32),
              }),
            ),
        );
        st[s] = (st[s] ?? 0) + 1;
      }
    }),
  );
  console.log('posted', N, Date.now() - t1, 'ms', st);
  await host.close();
}
void main();
