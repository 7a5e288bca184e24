import { strict as assert } from 'assert';
import { LOCAL_HANDLER_SUGGESTION, checkTarget, isLoopbackHost } from '../../../../src/core/send/target';
import { MAX_REMEMBERED_TARGETS, rememberTarget, targetChoices } from '../../../../src/core/send/targets';

const problemOf = (text: string) => {
  const check = checkTarget(text);
  assert.ok(!check.ok, `${text} was accepted`);
  return check.problem;
};

describe('send targets: which URLs can be sent to', () => {
  it('accepts http and https URLs, normalised, and says whether they are on this machine', () => {
    assert.deepEqual(checkTarget('  http://localhost:8000/webhookhandler  '), { ok: true, url: 'http://localhost:8000/webhookhandler', host: 'localhost:8000', loopback: true });
    assert.deepEqual(checkTarget('HTTPS://Example.COM:443/hooks/a?x=1#frag'), { ok: true, url: 'https://example.com/hooks/a?x=1', host: 'example.com', loopback: false });
    assert.equal((checkTarget('http://127.0.0.1:9000') as { url: string }).url, 'http://127.0.0.1:9000/');
  });

  it('refuses what is not HTTP, with one sentence each', () => {
    assert.match(problemOf('ftp://example.com/hook'), /^Only http:\/\/ and https:\/\/ URLs can be sent to; "ftp:" is not HTTP\.$/);
    assert.match(problemOf('file:///etc/passwd'), /"file:" is not HTTP/);
    assert.match(problemOf('javascript:alert(1)'), /Start the URL with http:\/\/ or https:\/\//);
    assert.match(problemOf('localhost:8000/webhookhandler'), /Start the URL with http:\/\/ or https:\/\//, 'read as the scheme "localhost:" without this check');
    assert.match(problemOf('/webhookhandler'), /Start the URL/);
    assert.match(problemOf(''), /^Type the URL to send to/);
    assert.match(problemOf('http://exa mple.com/'), /is not a valid URL/);
    assert.match(problemOf('http://user:pw@localhost:8000/'), /user name and password/);
  });

  it('knows loopback hosts: localhost, *.localhost, 127.0.0.0/8, ::1 and IPv4-mapped 127.x', () => {
    for (const url of ['http://localhost/', 'http://LOCALHOST.:80/', 'http://api.localhost/', 'http://127.0.0.1/', 'http://127.255.1.2/', 'http://127.1/', 'http://2130706433/', 'http://[::1]:8000/', 'http://[::ffff:127.0.0.1]/']) {
      const check = checkTarget(url);
      assert.ok(check.ok && check.loopback, url);
    }
    for (const url of ['http://0.0.0.0/', 'http://128.0.0.1/', 'http://10.0.0.1/', 'http://[::2]/', 'http://[::ffff:10.0.0.1]/', 'http://localhost.example.com/', 'http://mylocalhost/']) {
      const check = checkTarget(url);
      assert.ok(check.ok && !check.loopback, url);
    }
    assert.equal(isLoopbackHost('[::ffff:7f00:1]'), true);
  });
});

describe('send targets: remembered per webhook, offered first', () => {
  it('remembers the most recent first, once each, at most five', () => {
    let list: string[] = [];
    for (const n of [1, 2, 3, 2, 4, 5, 6, 7]) list = rememberTarget(list, `http://localhost:${n}/`);
    assert.equal(list.length, MAX_REMEMBERED_TARGETS);
    assert.deepEqual(list, ['http://localhost:7/', 'http://localhost:6/', 'http://localhost:5/', 'http://localhost:4/', 'http://localhost:2/']);
  });

  it('offers the remembered targets, then the endpoint, then the default local handler when nothing local is listed', () => {
    const choices = targetChoices({ remembered: ['https://staging.example.com/hook', 'http://127.0.0.1:9000/x'], endpoint: 'https://example.com/hook' });
    assert.deepEqual(
      choices.map((c) => [c.kind, c.url]),
      [
        ['remembered', 'https://staging.example.com/hook'],
        ['remembered', 'http://127.0.0.1:9000/x'],
        ['endpoint', 'https://example.com/hook'],
      ],
    );
    assert.equal(choices[0].description, 'sent to last time');
    const fresh = targetChoices({ remembered: [], endpoint: 'https://example.com/hook' });
    assert.deepEqual(fresh.map((c) => [c.kind, c.url, c.loopback]), [
      ['endpoint', 'https://example.com/hook', false],
      ['suggestion', LOCAL_HANDLER_SUGGESTION, true],
    ]);
  });

  it('lists the endpoint once (marked) when it was sent to before, and leaves out what cannot be sent to', () => {
    const choices = targetChoices({ remembered: ['https://example.com/hook', 'ftp://old/'], endpoint: 'https://EXAMPLE.com/hook' });
    assert.deepEqual(choices.map((c) => c.url), ['https://example.com/hook', LOCAL_HANDLER_SUGGESTION]);
    assert.equal(choices[0].description, "sent to last time · the webhook's endpoint");
    assert.deepEqual(targetChoices({ remembered: [], endpoint: 'not a url' }).map((c) => c.kind), ['suggestion']);
  });
});
