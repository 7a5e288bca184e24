/**
 * An HTTPS server on 127.0.0.1 with a self-signed certificate (valid 2020–2120, for 127.0.0.1 and localhost;
 * made for these tests only), to check when TLS verification applies.
 */
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';

const CERT = `-----BEGIN CERTIFICATE-----
MIIBYTCCAQegAwIBAgIBATAKBggqhkjOPQQDAjAUMRIwEAYDVQQDDAkxMjcuMC4w
LjEwIBcNMjAwMTAxMDAwMDAwWhgPMjEyMDAxMDEwMDAwMDBaMBQxEjAQBgNVBAMM
CTEyNy4wLjAuMTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABHkqr7mRi7ll5qPM
M/M9vL1hpGMAyAGDj/dOZ6A0jtR7aJNViLhmC6vARRolFneEkAIHag9QFN9v69Wr
yAUJ3aijSDBGMBoGA1UdEQQTMBGHBH8AAAGCCWxvY2FsaG9zdDAJBgNVHRMEAjAA
MB0GA1UdDgQWBBRfWXCBFtgm38kJd2R1gezCRH2eqzAKBggqhkjOPQQDAgNIADBF
AiEAyKiHC04Yv2BxcDX0cO+I++9a+4cJ2QaBLm7C7Y2yYtUCIDeLq9cSI5dDvDSd
KCNRNVA8SeL7Kx/OEV6Io/Nh7oNj
-----END CERTIFICATE-----
`;

const KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg1AEIZsozZbf3W4ds
SOZQ3OoTz5wX5x38SPjwG09w5nahRANCAAR5Kq+5kYu5ZeajzDPzPby9YaRjAMgB
g4/3TmegNI7Ue2iTVYi4ZgurwEUaJRZ3hJACB2oPUBTfb+vVq8gFCd2o
-----END PRIVATE KEY-----
`;

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
