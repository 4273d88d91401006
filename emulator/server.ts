// The emulator over HTTP: a node http server that hands each request to the dispatcher
// (core/dispatch.ts) and writes its outcome, or drops the connection when a fault says so.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Dispatcher } from './core/dispatch';
import { headersOf, readBody, writeResponse } from './core/http-io';

export type { ControlRequest, Knobs, ServerParts } from './core/dispatch';

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startServer(
  dispatcher: Dispatcher,
  host: string,
  port: number,
): Promise<RunningServer> {
  const server = http.createServer((req, res) => {
    void dispatcher
      .handle({
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: headersOf(req),
        readBody: () => readBody(req),
        discardBody: () => void req.resume(),
      })
      .then((outcome) => {
        if (outcome.kind === 'answer') writeResponse(res, outcome.response);
        else res.socket?.destroy();
      });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  // Idempotent: a test's afterEach may close an emulator the test already closed.
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${address.port}`,
    port: address.port,
    close: () =>
      (closing ??= new Promise<void>((resolve, reject) => {
        dispatcher.cancelWaits();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      })),
  };
}
