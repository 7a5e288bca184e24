import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Writable } from 'stream';
import { parseConversation, type Conversation, type Page } from '../../../../src/core/api/types';
import { compileFilter, FAILED_OUTCOMES } from '../../../../src/core/filter/filter';
import { jsonLines, lineMasker, type ExportTally } from '../../../../src/core/export/lines';
import { matchingDeliveries } from '../../../../src/core/export/walk';
import { fileProblemOf, writeFileAtomically, writeLines } from '../../../../src/core/export/file';
import { deliveries, delivery, NOW } from '../filter/fixtures';

const SECRET = 'whsec_0123456789abcdef';
const API_KEY = 'nxmv_live_key_0001';

/** Pages of `items`, `size` each, counting the pages asked for. */
function pagesOf(items: Conversation[], size: number) {
  const counter = { asked: 0 };
  async function* pages(): AsyncGenerator<Page<Conversation>> {
    for (let i = 0; i < items.length; i += size) {
      counter.asked++;
      yield { items: items.slice(i, i + size), ...(i + size < items.length ? { nextCursor: String(i + size) } : {}) };
    }
  }
  return { pages: pages(), counter };
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/** Lets every callback queued so far run (no timers). */
const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
};

describe('export: the JSON Lines format', () => {
  const wire = {
    id: 'conv-1', webhook_id: 'orders-prod', event_type: 'run.status', created_at: '2026-05-01T12:00:03Z', extra: { kept: [1, 'two'] },
    request: { url: 'https://example.com/hook', method: 'POST', headers: { 'Content-Type': 'application/json', 'Nextmv-Signature': 't=1,v1=ab' }, body: '{"type": "run.status",\r\n "é": "\u2028"}\n', sent_at: '2026-05-01T12:00:03Z' },
    response: { status_code: 200, headers: { 'content-type': 'text/plain' }, body: '  ok  ', received_at: '2026-05-01T12:00:03.042Z' },
    error: null,
  };

  it('a line is the conversation exactly as the API sent it: every field, bodies as the exact strings', () => {
    const line = lineMasker([SECRET, API_KEY])(parseConversation(wire).raw);
    assert.equal(line.masked, false);
    assert.equal(line.text, JSON.stringify(wire));
    assert.deepEqual(JSON.parse(line.text), wire);
    assert.ok(!line.text.includes('\n'), 'one line');
  });

  it('a known secret anywhere in a string (an endpoint echoing it) is masked with "[secret]" and counted; nothing else changes', () => {
    const echoed = { ...wire, response: { ...wire.response, body: `{"got":"${SECRET}"}` }, request: { ...wire.request, headers: { ...wire.request.headers, 'X-Key': `Bearer ${API_KEY}` } } };
    const line = lineMasker([SECRET, API_KEY])(parseConversation(echoed).raw);
    assert.equal(line.masked, true);
    assert.ok(!line.text.includes(SECRET) && !line.text.includes(API_KEY), line.text);
    const back = JSON.parse(line.text);
    assert.equal(back.response.body, '{"got":"[secret]"}');
    assert.equal(back.request.headers['X-Key'], 'Bearer [secret]');
    assert.equal(back.request.body, wire.request.body, 'the rest is untouched');
  });

  it('a secret with characters JSON escapes is still found', () => {
    const odd = 'sec"ret\\with\nquotes';
    const line = lineMasker([odd])(parseConversation({ ...wire, error: `echo ${odd}` }).raw);
    assert.equal(line.masked, true);
    assert.equal(JSON.parse(line.text).error, 'echo [secret]');
  });

  it('jsonLines: newline-terminated lines that each parse, with the count written and masked', async () => {
    const tally: ExportTally = { written: 0, masked: 0 };
    const list = [parseConversation(wire), parseConversation({ ...wire, id: 'conv-2', error: SECRET })];
    const lines = await collect(jsonLines(list, lineMasker([SECRET]), tally));
    assert.deepEqual(tally, { written: 2, masked: 1 });
    assert.ok(lines.every((l) => l.endsWith('\n') && l.indexOf('\n') === l.length - 1));
    assert.deepEqual(lines.map((l) => JSON.parse(l).id), ['conv-1', 'conv-2']);
  });
});

describe('export: which deliveries (matchingDeliveries)', () => {
  it('without a filter: every delivery of every page, each once even when a page shifted', async () => {
    const all = deliveries(250);
    async function* shifted(): AsyncGenerator<Page<Conversation>> {
      yield { items: all.slice(0, 100), nextCursor: 'a' };
      yield { items: all.slice(95, 200), nextCursor: 'b' }; // five seen again
      yield { items: all.slice(200) };
    }
    const checked: number[] = [];
    const got = await collect(matchingDeliveries(shifted(), undefined, (n) => checked.push(n)));
    assert.deepEqual(got.map((c) => c.id), all.map((c) => c.id));
    assert.deepEqual(checked, [100, 200, 250]);
  });

  it('with a filter: only what it lets through, walking to the end of the list', async () => {
    const all = deliveries(300, (i) => (i % 7 === 0 ? 503 : i % 11 === 0 ? 'unreachable' : 200));
    const { pages, counter } = pagesOf(all, 100);
    const got = await collect(matchingDeliveries(pages, compileFilter({ outcomes: FAILED_OUTCOMES }, NOW)));
    const expected = all.filter((c) => c.response?.statusCode !== 200).map((c) => c.id);
    assert.deepEqual(got.map((c) => c.id), expected);
    assert.equal(counter.asked, 3);
  });

  it('a time window stops at the first page wholly older than it (newest first)', async () => {
    // one a minute: the last hour is the first 60, on the first page of 50 and the second
    const { pages, counter } = pagesOf(deliveries(1000), 50);
    const got = await collect(matchingDeliveries(pages, compileFilter({ time: { kind: 'hour' } }, NOW)));
    assert.equal(got.length, 61); // 0 … 60 minutes ago
    assert.equal(counter.asked, 2, 'not the 18 pages after');
  });

  it('out of order times: no early stop (a later page may still hold newer ones)', async () => {
    const items = [...deliveries(50), delivery('late', 200, 90), delivery('early', 200, 5), ...deliveries(50, () => 200, 100)];
    const { pages, counter } = pagesOf(items, 25);
    const got = await collect(matchingDeliveries(pages, compileFilter({ time: { kind: 'hour' } }, NOW)));
    assert.ok(got.some((c) => c.id === 'early'));
    assert.equal(counter.asked, 5);
  });

  it('pages are asked for only as deliveries are taken', async () => {
    const { pages, counter } = pagesOf(deliveries(1000), 100);
    const walk = matchingDeliveries(pages, undefined);
    for (let i = 0; i < 150; i++) await walk.next();
    assert.equal(counter.asked, 2);
    await walk.return(undefined);
    assert.equal(counter.asked, 2, 'stopping the walk asks for nothing more');
  });
});

describe('export: writing (backpressure, temporary file, failures)', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'export-test-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const linesOf = (n: number, tally: ExportTally = { written: 0, masked: 0 }) => {
    const { pages, counter } = pagesOf(deliveries(n), 100);
    return { lines: jsonLines(matchingDeliveries(pages, undefined), lineMasker([]), tally), counter };
  };

  it('the writer is fed page by page as it drains: a stalled stream stops the requests', async () => {
    const { lines, counter } = linesOf(3000);
    const held: (() => void)[] = [];
    let chunks = 0;
    const slow = new Writable({
      highWaterMark: 1024,
      write(_chunk, _enc, done) {
        chunks++;
        held.push(done);
      },
    });
    const writing = writeLines(lines, slow);
    await settle();
    assert.equal(chunks, 1, 'one line written, its callback held');
    assert.equal(counter.asked, 1, 'only the first of 30 pages was asked for while the stream is full');
    // let the stream drain one line at a time: requests follow the writes, never ahead of them
    let maxAhead = 0;
    while (held.length) {
      held.shift()!();
      await settle();
      maxAhead = Math.max(maxAhead, counter.asked * 100 - chunks);
    }
    await writing;
    assert.equal(chunks, 3000);
    assert.equal(counter.asked, 30);
    // the deliveries fetched but not yet written: one page, plus the few lines the streams buffer
    assert.ok(maxAhead <= 110, `at most one page ahead of the writes (${maxAhead})`);
  });

  it('writes the lines to the target through a temporary file beside it, and leaves nothing else', async () => {
    const target = path.join(dir, 'orders-prod-deliveries.jsonl');
    const tally = { written: 0, masked: 0 };
    await writeFileAtomically(target, linesOf(250, tally).lines);
    const text = fs.readFileSync(target, 'utf8');
    const lines = text.split('\n');
    assert.equal(lines.pop(), '', 'ends with a newline');
    assert.deepEqual(lines.map((l) => JSON.parse(l).id), deliveries(250).map((c) => c.id));
    assert.equal(tally.written, 250);
    assert.deepEqual(fs.readdirSync(dir), ['orders-prod-deliveries.jsonl']);
  });

  it('an error from the API mid-walk: rejects with it, no file, and a file already there stays as it was', async () => {
    const target = path.join(dir, 'out.jsonl');
    fs.writeFileSync(target, 'before\n');
    async function* failing(): AsyncGenerator<Page<Conversation>> {
      yield { items: deliveries(100), nextCursor: 'x' };
      throw Object.assign(new Error('Nextmv answered 500'), { status: 500 });
    }
    const lines = jsonLines(matchingDeliveries(failing(), undefined), lineMasker([]), { written: 0, masked: 0 });
    await assert.rejects(writeFileAtomically(target, lines), /Nextmv answered 500/);
    assert.deepEqual(fs.readdirSync(dir), ['out.jsonl']);
    assert.equal(fs.readFileSync(target, 'utf8'), 'before\n');
  });

  it('a cancel mid-way (abort): rejects, no file, no more pages asked for', async () => {
    const target = path.join(dir, 'out.jsonl');
    const abort = new AbortController();
    const { pages, counter } = pagesOf(deliveries(3000), 100);
    const tally = { written: 0, masked: 0 };
    async function* abortingAt(n: number): AsyncGenerator<string> {
      for await (const line of jsonLines(matchingDeliveries(pages, undefined), lineMasker([]), tally)) {
        if (tally.written === n) abort.abort();
        yield line;
      }
    }
    await assert.rejects(writeFileAtomically(target, abortingAt(250), { signal: abort.signal }), (e: Error) => e.name === 'AbortError');
    assert.deepEqual(fs.readdirSync(dir), []);
    await settle();
    assert.equal(counter.asked, 3);
  });

  it('a failing disk (ENOSPC mid-write): rejects with it, the temporary file is removed', async () => {
    const target = path.join(dir, 'out.jsonl');
    let opened = '';
    // a disk that fills up after 49 lines: they are on it, the 50th fails
    const full = (temp: string) => {
      opened = temp;
      fs.writeFileSync(temp, '', { flag: 'wx' });
      let n = 0;
      return new Writable({
        write(chunk: Buffer, _enc, done) {
          if (++n === 50) return done(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write' }));
          fs.appendFileSync(temp, chunk);
          done();
        },
      });
    };
    const err = await writeFileAtomically(target, linesOf(500).lines, { open: full }).catch((e: unknown) => e);
    assert.equal(fileProblemOf(err), 'the disk is full');
    assert.equal(path.dirname(opened), dir, 'the temporary file was beside the target');
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  it('a folder that does not exist: rejects with a file system error, nothing written', async () => {
    const err = await writeFileAtomically(path.join(dir, 'missing', 'out.jsonl'), linesOf(10).lines).catch((e: unknown) => e);
    assert.equal(fileProblemOf(err), 'the folder does not exist');
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  it('fileProblemOf: only file system errors', () => {
    assert.equal(fileProblemOf(new Error('Nextmv answered 500')), undefined);
    assert.equal(fileProblemOf({ code: 'EROFS', syscall: 'open' }), 'the file system is read-only');
    assert.equal(fileProblemOf({ code: 'EWHAT', syscall: 'open' }), 'EWHAT (open)');
  });
});
