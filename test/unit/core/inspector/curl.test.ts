import { strict as assert } from 'assert';
import { execFileSync, execFile } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import * as fc from 'fast-check';
import { buildCurlCommand, printfCommand, shellQuote } from '../../../../src/core/inspector/curl';
import { verifySignature } from '../../../../src/core/validator/signature';
import type { ConversationRequest } from '../../../../src/core/api/types';
import { RUN_BODY, SECRET, conversation } from './fixtures';

const SH = '/bin/sh';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'inspector-curl-'));

/**
 * Runs a script in /bin/sh and returns exactly the bytes it wrote. The script goes through a file, as a
 * pasted command would reach a shell: passed as `sh -c` it would hit the kernel's argument size limit.
 */
function sh(script: string): Buffer {
  const file = path.join(scratch, 'script.sh');
  fs.writeFileSync(file, script);
  return execFileSync(SH, [file], { input: '', maxBuffer: 64 * 1024 * 1024 });
}

/** Many commands in one shell (spawning one per sample is slow), their outputs separated by a marker. */
const SEPARATOR = '\n--8<--next--8<--\n';
function shEach(commands: string[]): Buffer[] {
  const out = sh(commands.map((c) => `${c}\nprintf '%s' '${SEPARATOR}'`).join('\n'));
  const parts: Buffer[] = [];
  let from = 0;
  for (;;) {
    const at = out.indexOf(SEPARATOR, from);
    if (at < 0) break;
    parts.push(out.subarray(from, at));
    from = at + SEPARATOR.length;
  }
  return parts;
}

/** A stand-in for curl, as a shell function: prints each argument NUL-terminated, then a marker and stdin. */
const FAKE_CURL = `curl() { for a in "$@"; do printf '%s\\0' "$a"; done; printf '%s\\0' '--8<--stdin--8<--'; cat; }\n`;

type CurlCall = { args: string[]; stdin: Buffer };

/** What curl would receive from each command: its arguments and the bytes on its stdin. */
function runWithFakeCurl(commands: string[]): CurlCall[] {
  const marker = Buffer.from('--8<--stdin--8<--\0');
  return shEach([FAKE_CURL, ...commands]).slice(1).map((out) => {
    const at = out.indexOf(marker);
    assert.ok(at >= 0, 'the fake curl was not called');
    return { args: out.subarray(0, at).toString('utf8').split('\0').slice(0, -1), stdin: out.subarray(at + marker.length) };
  });
}
const runOneWithFakeCurl = (command: string): CurlCall => runWithFakeCurl([command])[0];

/** Any Unicode text without NUL (no shell argument can carry NUL), with the shell's specials up front. */
const shellText = (maxLength = 40) =>
  fc.string({
    unit: fc.oneof(
      fc.constantFrom("'", '"', '$', '`', '!', '\\', '\n', '\r', '\t', ' ', '*', '?', '~', '#', '&', ';', '|', '(', ')', '{', '}', '[', ']', '<', '>', '%', '=', '-', '@', '$(id)', '${HOME}', "'\\''"),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((c) => c !== '\0'),
    ),
    maxLength,
  });

function request(o: Partial<ConversationRequest> = {}): ConversationRequest {
  return { ...conversation().request!, ...o };
}

describe('inspector cURL', function () {
  this.timeout(60_000);
  before(function () {
    if (!fs.existsSync(SH)) this.skip();
  });
  after(() => fs.rmSync(scratch, { recursive: true, force: true }));

  describe('shell quoting', () => {
    it('property: any text without NUL comes back byte for byte through /bin/sh (600 strings)', () => {
      fc.assert(
        fc.property(fc.array(shellText(), { minLength: 20, maxLength: 20 }), (texts) => {
          const outs = shEach(texts.map((text) => `printf '%s' ${shellQuote(text)}`));
          assert.deepEqual(outs, texts.map((text) => Buffer.from(text, 'utf8')));
        }),
        { numRuns: 30 },
      );
    });

    it('leaves plain words bare and quotes everything else', () => {
      assert.equal(shellQuote('https://example.com/hook'), 'https://example.com/hook');
      assert.equal(shellQuote(''), "''");
      assert.equal(shellQuote("it's"), `'it'\\''s'`);
      assert.equal(shellQuote('=cmd'), "'=cmd'", 'zsh expands a leading =');
      assert.equal(shellQuote('~/x'), "'~/x'");
    });

    it('printf writes text with NUL and backslashes exactly', () => {
      fc.assert(
        fc.property(fc.array(fc.string({ unit: fc.constantFrom('\0', '\\', '0', '7', 'c', 'n', "'", 'é', '😀', '%', 'a') }), { minLength: 10, maxLength: 10 }), (texts) => {
          assert.deepEqual(shEach(texts.map(printfCommand)), texts.map((text) => Buffer.from(text, 'utf8')));
        }),
        { numRuns: 20 },
      );
    });
  });

  describe('the command', () => {
    it('sends method, URL, every header and the exact body (checked through a fake curl)', () => {
      const r = request({ url: 'https://example.com/hook?a=1&b=$x', headers: { 'Content-Type': 'application/json', 'X-Quote': "it's $HOME `id`" } });
      const cmd = buildCurlCommand(r);
      const seen = runOneWithFakeCurl(cmd.command);
      assert.deepEqual(seen.args, ['https://example.com/hook?a=1&b=$x', '-H', 'Content-Type: application/json', '-H', "X-Quote: it's $HOME `id`", '--data-binary', RUN_BODY]);
      assert.deepEqual(seen.args, cmd.args);
      assert.equal(cmd.warnings.length, 0);
    });

    it('property: whatever the URL, headers and body, curl receives exactly the planned arguments and body (300 requests)', () => {
      const headerName = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,15}$/);
      fc.assert(
        fc.property(
          fc.array(
            fc.record({
              url: shellText(30),
              headers: fc.dictionary(headerName, shellText(20), { maxKeys: 4 }),
              body: fc.oneof(shellText(80), fc.string({ unit: fc.constantFrom('\0', '@', 'a', '\\', "'", '\n', '😀') })),
              method: fc.constantFrom('POST', 'PUT', 'GET'),
            }),
            { minLength: 10, maxLength: 10 },
          ),
          (requests) => {
            const commands = requests.map((r) => buildCurlCommand(request(r)));
            const seen = runWithFakeCurl(commands.map((c) => c.command));
            requests.forEach(({ body, method }, i) => {
              const cmd = commands[i];
              assert.deepEqual(seen[i].args, cmd.args);
              const sentBody = cmd.stdin !== undefined ? seen[i].stdin : Buffer.from(cmd.args[cmd.args.indexOf('--data-binary') + 1] ?? '', 'utf8');
              if (body !== '' || method !== 'GET') assert.deepEqual(sentBody, Buffer.from(body, 'utf8'), 'body bytes differ');
            });
          },
        ),
        { numRuns: 30 },
      );
    });

    it('drops Host, Content-Length and Transfer-Encoding, and keeps empty headers empty', () => {
      const cmd = buildCurlCommand(request({ headers: { Host: 'x', 'content-length': '3', 'Transfer-Encoding': 'chunked', 'X-Empty': '', Accept: '*/*' } }));
      assert.deepEqual(cmd.args.filter((_, i) => cmd.args[i - 1] === '-H'), ['X-Empty;', 'Accept: */*']);
    });

    it('pipes bodies that curl would misread or that are too big for an argument', () => {
      assert.equal(buildCurlCommand(request({ body: '@/etc/passwd' })).stdin, '@/etc/passwd', 'a leading @ would make curl read a file');
      assert.ok(buildCurlCommand(request({ body: 'a\0b' })).command.startsWith("printf '%b' "));
      const big = buildCurlCommand(request({ body: 'x'.repeat(200 * 1024) }));
      assert.equal(big.args.at(-1), '@-');
      assert.equal(runOneWithFakeCurl(big.command).stdin.length, 200 * 1024);
    });

    it('uses -X only when the method is not what curl infers, and --globoff for [] and {} in URLs', () => {
      assert.ok(!buildCurlCommand(request()).args.includes('-X'));
      assert.deepEqual(buildCurlCommand(request({ method: 'put' })).args.slice(0, 2), ['-X', 'PUT']);
      assert.deepEqual(buildCurlCommand(request({ method: 'GET', body: '' })).args.slice(0, 1), ['https://example.com/hook']);
      assert.ok(buildCurlCommand(request({ url: 'https://h/a[1]' })).args.includes('--globoff'));
      assert.deepEqual(buildCurlCommand(request({ url: '-oops' })).args.slice(0, 2), ['--url', '-oops']);
    });

    it('says what it could not reproduce', () => {
      const cmd = buildCurlCommand(request({ headers: { 'X-Nul': 'a\0b', 'X-Break': 'a\r\nInjected: 1' }, body: 'lone \ud800' }));
      assert.equal(cmd.warnings.length, 3, cmd.warnings.join('\n'));
      assert.ok(cmd.args.includes('X-Nul: ab'));
      assert.ok(cmd.args.includes('X-Break: a Injected: 1'));
    });
  });

  describe('re-signing', () => {
    const nowMs = Date.parse('2026-06-01T08:00:00.123Z');

    it('replaces Nextmv-Signature with one that verifies now, in the original seconds unit', () => {
      const cmd = buildCurlCommand(request(), { resign: { secret: SECRET, nowMs } });
      const header = cmd.args.find((a) => a.startsWith('Nextmv-Signature: '));
      assert.equal(header, `Nextmv-Signature: ${cmd.signature}`);
      assert.equal(cmd.args.filter((a) => /^nextmv-signature:/i.test(a)).length, 1, 'the old signature is gone');
      const verdict = verifySignature({ header: cmd.signature, body: RUN_BODY, secret: SECRET, now: nowMs });
      assert.equal(verdict.valid, true, verdict.hints.join(' '));
      assert.equal(verdict.timestampUnit, 'seconds');
      assert.equal(verdict.timestamp, String(Math.floor(nowMs / 1000)));
    });

    it('keeps milliseconds when the original t was in milliseconds', () => {
      const c = conversation({ t: '1777636803000' });
      const cmd = buildCurlCommand(c.request!, { resign: { secret: SECRET, nowMs } });
      const verdict = verifySignature({ header: cmd.signature, body: RUN_BODY, secret: SECRET, now: nowMs });
      assert.equal(verdict.valid, true);
      assert.equal(verdict.timestamp, String(nowMs));
    });

    it('adds the header when the request had none, and the old one no longer verifies', () => {
      const cmd = buildCurlCommand(request({ headers: { 'content-type': 'application/json' } }), { resign: { secret: SECRET, nowMs } });
      assert.ok(cmd.args.includes(`Nextmv-Signature: ${cmd.signature}`));
      const old = conversation().request!.headers['Nextmv-Signature'];
      assert.equal(verifySignature({ header: old, body: RUN_BODY, secret: SECRET, now: nowMs }).valid, false);
    });

    it('end to end with the real curl: the endpoint gets the exact bytes and a signature that verifies', async function () {
      if (!fs.existsSync('/usr/bin/curl')) this.skip();
      const received: { method?: string; url?: string; headers?: http.IncomingHttpHeaders; body?: Buffer }[] = [];
      const server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          received.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks) });
          res.end('ok');
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const port = (server.address() as AddressInfo).port;
        const bodies = [RUN_BODY, `{"quote":"it's","dollar":"$HOME","tick":"\`id\`","bang":"!!","nl":"a\nb","emoji":"😀"}`, '@not-a-file', 'nul\0inside\\0'];
        for (const body of bodies) {
          const c = conversation({ body, url: `http://127.0.0.1:${port}/hook?x=[1]&y={2}` });
          const now = Date.now();
          const cmd = buildCurlCommand(c.request!, { resign: { secret: SECRET, nowMs: now } });
          await new Promise<void>((resolve, reject) =>
            execFile(SH, ['-c', cmd.command], (err) => (err ? reject(err) : resolve())),
          );
          const got = received.at(-1)!;
          assert.equal(got.method, 'POST');
          assert.equal(got.url, '/hook?x=[1]&y={2}');
          assert.deepEqual(got.body, Buffer.from(body, 'utf8'), `body ${JSON.stringify(body)}`);
          assert.equal(got.headers?.['user-agent'], 'Nextmv-Webhooks/1.0');
          const verdict = verifySignature({ header: String(got.headers?.['nextmv-signature']), body: got.body, secret: SECRET, now: Date.now() });
          assert.equal(verdict.valid, true, verdict.hints.join(' '));
        }
        assert.equal(received.length, bodies.length);
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    });
  });
});
