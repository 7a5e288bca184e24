import { strict as assert } from 'assert';
import { buildOutgoingRequest, compareWithRecorded, defaultTimestampUnit } from '../../../../src/core/send/request';
import { verifySignature } from '../../../../src/core/validator/signature';
import { conversation, SECRET, SENT_MS } from '../inspector/fixtures';
import { NOW } from './fixtures';

describe('the request Send Again makes', () => {
  it('sends the recorded body byte for byte with a fresh signature over it, in the unit of the recorded t', () => {
    const body = '{"type":"run.status",  "data":{"run_id":"r-ü"}}\n';
    for (const [t, unit] of [[String(SENT_MS / 1000), 'seconds'], [String(SENT_MS), 'milliseconds']] as const) {
      const recorded = conversation({ body, t }).request!;
      assert.equal(defaultTimestampUnit(recorded), unit);
      const req = buildOutgoingRequest({ url: 'http://localhost:8000/webhookhandler', body: recorded.body, secret: SECRET, nowMs: NOW, unit, recorded });
      assert.equal(req.body, body);
      assert.equal(req.method, 'POST');
      assert.equal(req.headers['Nextmv-Signature'], req.signature);
      assert.equal(req.signature.split(',')[0], `t=${unit === 'seconds' ? NOW / 1000 : NOW}`);
      const verdict = verifySignature({ header: req.signature, body: req.body, secret: SECRET, now: NOW });
      assert.equal(verdict.valid, true, JSON.stringify(verdict.checks));
      assert.equal(verdict.timestampUnit, unit);
    }
  });

  it('signs in the other unit when asked', () => {
    const recorded = conversation().request!;
    const req = buildOutgoingRequest({ url: 'http://localhost/', body: recorded.body, secret: SECRET, nowMs: NOW, unit: 'milliseconds', recorded });
    assert.equal(req.signature.split(',')[0], `t=${NOW}`);
    assert.equal(req.unit, 'milliseconds');
  });

  it('keeps the recorded headers that make sense, in order and case, and replaces Nextmv-Signature where it was', () => {
    const recorded = conversation({
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'nextmv-signature': 't=1,v1=00',
        'User-Agent': 'Nextmv-Webhooks/1.0',
        Host: 'example.com',
        'Content-Length': '999',
        'Transfer-Encoding': 'chunked',
        Connection: 'keep-alive',
        'X-Request-Id': 'abc',
        'Bad Name': 'x',
        'X-Split': 'a\r\nInjected: yes',
      },
    }).request!;
    const req = buildOutgoingRequest({ url: 'http://localhost/', body: recorded.body, secret: SECRET, nowMs: NOW, unit: 'seconds', recorded });
    assert.deepEqual(Object.keys(req.headers), ['content-type', 'nextmv-signature', 'User-Agent', 'X-Request-Id']);
    assert.equal(req.headers['nextmv-signature'], req.signature);
    assert.equal(req.notes.length, 2);
    assert.match(req.notes[0], /"Bad Name" cannot be sent/);
  });

  it('a body from elsewhere gets Content-Type: application/json, a signature in seconds, and nothing else', () => {
    assert.equal(defaultTimestampUnit(undefined), 'seconds');
    const req = buildOutgoingRequest({ url: 'http://localhost/', body: '[1]', secret: SECRET, nowMs: NOW, unit: 'seconds' });
    assert.deepEqual(req.headers, { 'Content-Type': 'application/json', 'Nextmv-Signature': req.signature });
  });
});

describe('the sent body next to the recorded one', () => {
  it('the same bytes, other line endings, or edited', () => {
    assert.deepEqual(compareWithRecorded('{"a":1}', '{"a":1}'), { edited: false, note: 'The recorded body, byte for byte.' });
    const eol = compareWithRecorded('{\n  "a": 1\n}', '{\r\n  "a": 1\r\n}');
    assert.equal(eol.edited, true);
    assert.match(eol.note, /other line endings \(CRLF in the editor, LF recorded\)/);
    assert.match(compareWithRecorded('{"a":1}', '{"a":2}').note, /^An edited body/);
    assert.match(compareWithRecorded('{"a":1}', '{"a":1}\n').note, /^An edited body/, 'an added newline is an edit');
    assert.match(compareWithRecorded(undefined, '{}').note, /not from a recorded delivery/);
  });
});
