/**
 * An HTTPS server on 127.0.0.1 with a self-signed certificate (valid 2020–2120, for 127.0.0.1 and localhost;
 * made for these tests only; test/fixtures/tls), to check when TLS verification applies.
 */
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';

/** Also what the integration runner hands the extension host as NODE_EXTRA_CA_CERTS (test/harness/run-integration.js). */
export const TLS_CERT_FILE = path.join(__dirname, '..', '..', '..', '..', 'fixtures', 'tls', '127.0.0.1.crt');
const CERT = fs.readFileSync(TLS_CERT_FILE, 'utf8');
const KEY = fs.readFileSync(path.join(path.dirname(TLS_CERT_FILE), '127.0.0.1.key'), 'utf8');

export interface TlsServer {
  /** e.g. https://127.0.0.1:43210 */
  readonly url: string;
  /** requests answered */
  readonly requests: number;
  close(): Promise<void>;
}

/** Answers every request with 200 `[]` (an empty list of webhooks). */
export async function startSelfSignedServer(): Promise<TlsServer> {
  let requests = 0;
  const server = https.createServer({ cert: CERT, key: KEY }, (_req, res) => {
    requests++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('[]');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    get requests() {
      return requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
