/**
 * Runs the real handler templates of media/handlers — Python FastAPI, Node.js, Express, Go — and sends them
 * deliveries signed by the fake API's own signing code. Each template is filled with a non-default path and
 * env var name first (the fill the extension does), so a passing run also proves that filling works.
 *
 * Runtimes (missing ones FAIL with the command that installs them; nothing is skipped):
 *   Python  /usr/bin/python3 with Debian's python3-fastapi and python3-uvicorn
 *   Go      `go` from Debian's golang-go (stdlib only; caches under .vscode-test/go, nothing in $HOME)
 *   Express the `express` devDependency (npm install)
 * Every server runs in its own process group and is killed with it in after().
 */
import { strict as assert } from 'assert';
import { execFile, spawnSync, type ChildProcess } from 'child_process';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import {
  DEFAULT_HANDLER_PATH,
  DEFAULT_SECRET_ENV_VAR,
  HANDLER_TEMPLATES,
  fillHandlerTemplate,
  templateFileName,
  type HandlerTemplate,
  type HandlerTemplateId,
} from '../../src/core/handlers/templates';
import { deliver } from '../tools/fake-api/deliver';
import { runStatusData, runStatusEventBody } from '../tools/fake-api/events';
import { hmacHex } from '../tools/fake-api/sign';
import type { SignatureUnit } from '../tools/fake-api/types';
import { freePort, groupAlive, spawnGroup, startListening, stopGroup, waitForExit, type Launch, type Server } from '../tools/handlers/processes';

const ROOT = path.resolve(__dirname, '..', '..');
const HANDLERS = path.join(ROOT, 'media', 'handlers');
const GO_DIR = path.join(ROOT, '.vscode-test', 'go');
const PYTHON = '/usr/bin/python3';

/** What the templates are filled with: neither is the default. */
const HOOK_PATH = '/hooks/nextmv-test';
const ENV_VAR = 'NEXTMV_TEST_HOOK_SECRET';
const SECRET = `whsec-${randomBytes(12).toString('hex')}`;
/** Another webhook's secret. Also put in NEXTMV_WEBHOOK_SECRET: a handler reading the default name fails. */
const OTHER_SECRET = `whsec-${randomBytes(12).toString('hex')}`;

const MISSING = 'Unauthorized: Missing Signature';
const FORMAT = 'Unauthorized: Invalid Signature Format';
const TIME = 'Unauthorized: Invalid Time Value';
const INVALID = 'Unauthorized: Invalid signature';

/** How to run each template from the directory it was copied to; throws one line when the runtime is missing. */
const RUNTIMES: Record<HandlerTemplateId, (dir: string) => Launch | Promise<Launch>> = {
  'python-fastapi': () => {
    const probe = spawnSync(PYTHON, ['-c', 'import fastapi, uvicorn'], { encoding: 'utf8' });
    if (probe.error || probe.status !== 0) {
      throw new Error(`${PYTHON} cannot import fastapi and uvicorn: run \`apt-get install -y python3-fastapi python3-uvicorn\``);
    }
    return { command: PYTHON, args: ['-m', 'uvicorn', 'main:app', '--port', '$PORT'], env: { PYTHONDONTWRITEBYTECODE: '1' } };
  },
  node: () => ({ command: process.execPath, args: ['handler.mjs'], env: {} }),
  express: (dir) => {
    try {
      require.resolve('express', { paths: [ROOT] });
    } catch {
      throw new Error('express is not installed: run `npm install` (express is a devDependency)');
    }
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    return { command: process.execPath, args: ['handler.mjs'], env: {} };
  },
  go: (dir) => {
    // Compile once, then run the binary (`go run` would compile again and put a go process in between).
    const env = {
      ...process.env,
      GOCACHE: path.join(GO_DIR, 'cache'),
      GOPATH: path.join(GO_DIR, 'path'),
      XDG_CONFIG_HOME: path.join(GO_DIR, 'config'), // Go's telemetry and `go env -w` write here, not in $HOME
      GOTOOLCHAIN: 'local',
      GOPROXY: 'off',
      GOFLAGS: '',
    };
    return new Promise((resolve, reject) => {
      execFile('go', ['build', '-o', 'handler', 'handler.go'], { cwd: dir, env, encoding: 'utf8' }, (err, _stdout, stderr) => {
        if ((err as NodeJS.ErrnoException | null)?.code === 'ENOENT') reject(new Error('go is not installed: run `apt-get install -y golang-go`'));
        else if (err) reject(new Error(`go build handler.go failed: ${stderr.trim() || err.message}`));
        else resolve({ command: path.join(dir, 'handler'), args: [], env: {} });
      });
    });
  },
};

interface Prepared {
  readonly dir: string;
  readonly launch: Launch;
}

async function prepare(template: HandlerTemplate): Promise<Prepared> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `nextmv-handler-${template.id}-`));
  tempDirs.push(dir);
  const text = fs.readFileSync(path.join(HANDLERS, template.file), 'utf8');
  fs.writeFileSync(path.join(dir, templateFileName(template)), fillHandlerTemplate(text, { path: HOOK_PATH, envVar: ENV_VAR }));
  return { dir, launch: await RUNTIMES[template.id](dir) };
}

/** Runs the prepared template with the secret set and resolves once it accepts connections. */
async function start(prepared: Prepared, label: string): Promise<Server> {
  const server = await startListening(prepared.launch, prepared.dir, { [ENV_VAR]: SECRET, [DEFAULT_SECRET_ENV_VAR]: OTHER_SECRET }, label);
  children.push(server.child);
  return server;
}

interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/** POSTs `body` with exactly this Nextmv-Signature header (none when undefined). */
function post(port: number, urlPath: string, body: string | Buffer, signature: string | undefined): Promise<Answer> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) };
  if (signature !== undefined) headers['Nextmv-Signature'] = signature;
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: urlPath, method: 'POST', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.setTimeout(5000, () => req.destroy(new Error(`no answer from ${urlPath} within 5 s`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** A delivery as the fake API sends it (deliver() signs with sign.ts), with the clock and secret given. */
async function delivery(port: number, opts: { body?: string; unit?: SignatureUnit; nowMs?: number; secret?: string; urlPath?: string } = {}): Promise<Answer> {
  const nowMs = opts.nowMs ?? Date.now();
  const conv = await deliver({
    webhook: { id: 'templates-test', endpoint_url: `http://127.0.0.1:${port}${opts.urlPath ?? HOOK_PATH}`, secret: opts.secret ?? SECRET },
    eventType: 'run.status',
    body: opts.body ?? BODY,
    unit: opts.unit ?? 'seconds',
    timeoutMs: 5000,
    now: () => nowMs,
  });
  assert.ok(conv.response, `no response: ${conv.error}`);
  return { status: conv.response.status_code, contentType: conv.response.headers['content-type'] ?? '', body: conv.response.body };
}

function assertAccepted(answer: Answer): void {
  assert.equal(answer.status, 200, `expected 200, got ${answer.status} ${answer.body}`);
  assert.match(answer.contentType, /^application\/json/);
  assert.deepEqual(JSON.parse(answer.body), { message: 'Webhook received!' });
}

function assertRefused(answer: Answer, text: string): void {
  assert.deepEqual({ status: answer.status, body: answer.body }, { status: 401, body: text });
  assert.match(answer.contentType, /^text\/plain/);
}

const BODY = runStatusEventBody({ eventId: 'evt-templates', createdAt: '2026-05-01T12:00:03Z', data: runStatusData({ run_id: 'run-templates-1', status_v2: 'succeeded' }) });
/** Raw bytes a re-serialising handler would get wrong: pretty-printed, non-ASCII, trailing newline. */
const PRETTY_BODY = `${JSON.stringify(JSON.parse(runStatusEventBody({ eventId: 'evt-é', createdAt: '2026-05-01T12:00:03Z', data: runStatusData({ run_id: 'run-ü', status_v2: 'succeeded' }) })), null, 2)}\n`;

const nowSeconds = () => String(Math.floor(Date.now() / 1000));
const tempDirs: string[] = [];
const children: ChildProcess[] = [];

describe('handler templates (media/handlers), run for real', function () {
  this.timeout(20_000);
  const prepared = new Map<HandlerTemplateId, Promise<Prepared>>();
  const servers = new Map<HandlerTemplateId, Promise<Server>>();

  before(() => {
    // All four start at once (Go compiles while Python starts); each describe waits for its own.
    for (const template of HANDLER_TEMPLATES) {
      const p = prepare(template);
      const s = p.then((ready) => start(ready, template.label));
      p.catch(() => undefined);
      s.catch(() => undefined);
      prepared.set(template.id, p);
      servers.set(template.id, s);
    }
  });

  after(async function () {
    this.timeout(30_000);
    await Promise.all(children.map((c) => stopGroup(c)));
    const alive = children.filter((c) => c.pid !== undefined && groupAlive(c.pid)).map((c) => c.pid);
    for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
    assert.deepEqual(alive, [], 'process groups still alive after after()');
  });

  for (const template of HANDLER_TEMPLATES) {
    describe(`${template.label}: ${template.file}`, () => {
      let server: Server;
      let port: number;

      before(async function () {
        this.timeout(90_000);
        server = await servers.get(template.id)!;
        port = server.port;
      });

      it('valid delivery, t in seconds → 200 {"message":"Webhook received!"}', async () => {
        assertAccepted(await delivery(port, { unit: 'seconds' }));
      });

      it('valid delivery, t in milliseconds → 200', async () => {
        assertAccepted(await delivery(port, { unit: 'milliseconds' }));
      });

      it('valid delivery of a pretty-printed, non-ASCII body with a trailing newline (the raw bytes are signed) → 200', async () => {
        assertAccepted(await delivery(port, { body: PRETTY_BODY }));
      });

      it('two v1 entries, the second matching → 200', async () => {
        const t = nowSeconds();
        assertAccepted(await post(port, HOOK_PATH, BODY, `t=${t},v1=${hmacHex(OTHER_SECRET, t, BODY)},v1=${hmacHex(SECRET, t, BODY)}`));
      });

      it('spaces around pairs, an unknown key, v1 before t → 200', async () => {
        const t = nowSeconds();
        assertAccepted(await post(port, HOOK_PATH, BODY, ` v1=${hmacHex(SECRET, t, BODY)} , v0=deadbeef,  t=${t} `));
      });

      it('one body byte changed after signing → 401 Invalid signature', async () => {
        const t = nowSeconds();
        const tampered = BODY.replace('succeeded', 'succeedeD');
        assert.equal(tampered.length, BODY.length);
        assertRefused(await post(port, HOOK_PATH, tampered, `t=${t},v1=${hmacHex(SECRET, t, BODY)}`), INVALID);
      });

      it("signed with another webhook's secret → 401 Invalid signature", async () => {
        assertRefused(await delivery(port, { secret: OTHER_SECRET }), INVALID);
      });

      it('stale: t = now − 301 s → 401 Invalid Time Value (seconds and milliseconds)', async () => {
        assertRefused(await delivery(port, { nowMs: Date.now() - 301_000, unit: 'seconds' }), TIME);
        assertRefused(await delivery(port, { nowMs: Date.now() - 301_000, unit: 'milliseconds' }), TIME);
      });

      it('t 61 s in the future → 401 Invalid Time Value (seconds and milliseconds)', async () => {
        assertRefused(await delivery(port, { nowMs: Date.now() + 61_000, unit: 'seconds' }), TIME);
        assertRefused(await delivery(port, { nowMs: Date.now() + 61_000, unit: 'milliseconds' }), TIME);
      });

      it('t not an integer → 401 Invalid Time Value, even with a valid HMAC over it', async () => {
        for (const t of ['abc', '1.7e9', `${nowSeconds()}.5`, `-${nowSeconds()}`, `+${nowSeconds()}`, `0x${Number(nowSeconds()).toString(16)}`]) {
          assertRefused(await post(port, HOOK_PATH, BODY, `t=${t},v1=${hmacHex(SECRET, t, BODY)}`), TIME);
        }
      });

      it('malformed header → 401 Invalid Signature Format', async () => {
        const t = nowSeconds();
        const v1 = hmacHex(SECRET, t, BODY);
        for (const header of ['garbage', `v1=${v1}`, `t=${t}`, `t=${t},v2=${v1}`, `t=${t},v1=${v1},garbage`]) {
          assertRefused(await post(port, HOOK_PATH, BODY, header), FORMAT);
        }
      });

      it('no Nextmv-Signature header, or an empty one → 401 Missing Signature', async () => {
        assertRefused(await post(port, HOOK_PATH, BODY, undefined), MISSING);
        assertRefused(await post(port, HOOK_PATH, BODY, ''), MISSING);
      });

      it(`a valid delivery to another path (the default ${DEFAULT_HANDLER_PATH}, replaced by filling) → 404`, async () => {
        assert.equal((await delivery(port, { urlPath: DEFAULT_HANDLER_PATH })).status, 404);
        assert.equal((await delivery(port, { urlPath: `${HOOK_PATH}x` })).status, 404);
      });

      it('never writes the secret to its output', () => {
        assert.ok(!server.output().includes(SECRET), 'the secret appears in the output');
        assert.ok(!server.output().includes(OTHER_SECRET), 'the other secret appears in the output');
      });

      it(`refuses to start without ${ENV_VAR}, saying so (${DEFAULT_SECRET_ENV_VAR} set does not count)`, async function () {
        this.timeout(30_000);
        const ready = await prepared.get(template.id)!;
        const { child, output } = spawnGroup(ready.launch, ready.dir, await freePort(), { [ENV_VAR]: undefined, [DEFAULT_SECRET_ENV_VAR]: OTHER_SECRET });
        children.push(child);
        const stopped = await waitForExit(child, 20_000);
        if (!stopped) await stopGroup(child);
        assert.ok(stopped, `it kept running without ${ENV_VAR}:\n${output()}`);
        assert.notEqual(child.exitCode, 0);
        assert.match(output(), new RegExp(`${ENV_VAR} is not set`));
        assert.ok(!output().includes(OTHER_SECRET));
      });
    });
  }
});
