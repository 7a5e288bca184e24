import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import * as tls from 'tls';

/**
 * A TLS front for a plain-HTTP server on 127.0.0.1 (the fake API): it serves the test certificate
 * (test/fixtures/tls, trusted by the extension host through NODE_EXTRA_CA_CERTS, see
 * test/harness/run-integration.js) and pipes each decrypted connection to `targetPort`. So the fake can be
 * reached as a bare `127.0.0.1:PORT`, which the extension turns into https://, like a real endpoint.
 */
export async function startTlsFront(targetPort: number, repoRoot: string): Promise<{ host: string; readonly connections: number; close(): Promise<void> }> {
  const dir = path.join(repoRoot, 'test', 'fixtures', 'tls');
  let connections = 0;
  const sockets = new Set<net.Socket>();
  const server = tls.createServer({ cert: fs.readFileSync(path.join(dir, '127.0.0.1.crt')), key: fs.readFileSync(path.join(dir, '127.0.0.1.key')) }, (secure) => {
    connections++;
    const plain = net.connect(targetPort, '127.0.0.1');
    for (const s of [secure, plain]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        secure.destroy();
        plain.destroy();
      });
    }
    secure.pipe(plain).pipe(secure);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    get connections() {
      return connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
