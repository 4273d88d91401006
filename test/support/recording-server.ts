// A loopback HTTP server that records every request and answers with a test-chosen JSON reply:
// a stand-in for Twilio when a test only needs to see what was sent.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  method: string;
  /** Path and query as received. */
  url: string;
  /** The X-Twilio-Host header the emulator redirect adds. */
  twilioHost: string | undefined;
  authorization: string | undefined;
  body: string;
}

export type Answer = (seen: SeenRequest, index: number) => { status: number; body: unknown };

export interface RecordingServer {
  url: string;
  seen: SeenRequest[];
  close(): Promise<void>;
}

export async function startRecordingServer(answer: Answer): Promise<RecordingServer> {
  const seen: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const entry: SeenRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        twilioHost: req.headers['x-twilio-host'] as string | undefined,
        authorization: req.headers.authorization,
        body,
      };
      seen.push(entry);
      const reply = answer(entry, seen.length - 1);
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
