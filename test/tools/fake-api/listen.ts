import type { Server } from 'http';
import type { AddressInfo } from 'net';

/** Listens on host:port (0 = a free port) and resolves with the address, or rejects with the listen error. */
export function listen(server: Server, port = 0, host = '127.0.0.1'): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}
