// Sends a wire request exactly as written (raw query, raw body bytes, headers as given) with
// node:http, which neither re-encodes nor merges anything, unlike fetch.
import http from 'node:http';
import type { WireRequest } from './runtime-model';

export interface WireAnswer {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

export function sendWire(
  baseUrl: string,
  path: string,
  wire: WireRequest & { method?: string; bodyBytes?: Buffer },
): Promise<WireAnswer> {
  const url = new URL(baseUrl);
  const body = wire.bodyBytes ?? Buffer.from(wire.body, 'utf8');
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        method: wire.method ?? 'POST',
        path: wire.query ? `${path}?${wire.query}` : path,
        headers: { ...wire.headers, 'content-length': String(body.length) },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            headers: res.headers,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
