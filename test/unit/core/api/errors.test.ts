/** Status → typed error, the server's message, guards, base URL checks. */
import { strict as assert } from 'assert';
import {
  ApiError,
  baseUrlProblem,
  errorForStatus,
  isApiError,
  isBadRequestError,
  isConflictError,
  isInvalidInputError,
  isNotFoundError,
  isRateLimitedError,
  isServerError,
  isUnauthorizedError,
  isUnexpectedStatusError,
  normalizeBaseUrl,
  serverMessageFrom,
  TimeoutError,
  type RateLimitedError,
} from '../../../../src/core/api';

describe('API errors', () => {
  it('maps each status to its error kind', () => {
    const kind = (status: number) => errorForStatus({ status, request: 'GET /v1/webhooks', subject: 'webhook "a"' });
    assert.ok(isUnauthorizedError(kind(401)) && isUnauthorizedError(kind(403)));
    assert.ok(isNotFoundError(kind(404)));
    assert.ok(isConflictError(kind(409)));
    assert.ok(isRateLimitedError(kind(429)));
    assert.ok(isBadRequestError(kind(400)) && isInvalidInputError(kind(422)) && isBadRequestError(kind(413)));
    assert.ok(isServerError(kind(500)) && isServerError(kind(503)) && isServerError(kind(599)));
    assert.ok(isUnexpectedStatusError(kind(405)) && isUnexpectedStatusError(kind(302)));
    assert.equal(kind(404).status, 404);
    assert.match(kind(404).message, /^GET \/v1\/webhooks: Webhook "a" was not found/);
  });

  it('rate limiting says when to come back', () => {
    const err = errorForStatus({ status: 429, request: 'r', retryAfterSeconds: 2.2 }) as RateLimitedError;
    assert.equal(err.retryAfterSeconds, 2.2);
    assert.match(err.userMessage, /Try again in 3 s/);
    assert.match(errorForStatus({ status: 429, request: 'r' }).userMessage, /Wait a moment/);
  });

  it("takes the server's message from error/message/detail, else the text; HTML reduced to its title", () => {
    assert.equal(serverMessageFrom('{"error":"bad id"}'), 'bad id');
    assert.equal(serverMessageFrom('{"message":"nope","error":{}}'), 'nope');
    assert.equal(serverMessageFrom('{"error":{"message":"nested"}}'), 'nested');
    assert.equal(serverMessageFrom('{"detail":"from detail"}'), 'from detail');
    assert.equal(serverMessageFrom('  plain\n\ttext  '), 'plain text');
    assert.equal(serverMessageFrom('<html><head><title>502 Bad Gateway</title></head></html>'), '502 Bad Gateway');
    assert.equal(serverMessageFrom(''), undefined);
    assert.equal(serverMessageFrom('{"other":1}', 'application/json'), '{"other":1}');
    assert.equal(serverMessageFrom('x'.repeat(1000))?.length, 300);
  });

  it('guards work on copies of the classes (duck-typed by kind), and reject look-alikes', () => {
    const foreign = { isNextmvApiError: true, kind: 'notFound', userMessage: 'x' };
    assert.ok(isNotFoundError(foreign));
    assert.ok(!isNotFoundError({ kind: 'notFound' }));
    assert.ok(!isApiError(new Error('x')));
    assert.ok(isApiError(new TimeoutError('body', 100, 'h')));
    assert.ok(new TimeoutError('body', 100, 'h') instanceof ApiError);
  });

  describe('base URL', () => {
    it('normalises: no trailing slash, no /v1, prefix kept', () => {
      assert.equal(normalizeBaseUrl('https://api.cloud.nextmv.io/'), 'https://api.cloud.nextmv.io');
      assert.equal(normalizeBaseUrl(' https://api.cloud.nextmv.io/v1 '), 'https://api.cloud.nextmv.io');
      assert.equal(normalizeBaseUrl('http://127.0.0.1:8787'), 'http://127.0.0.1:8787');
      assert.equal(normalizeBaseUrl('https://gw.example.com/nextmv/'), 'https://gw.example.com/nextmv');
    });
    it('explains what is wrong', () => {
      assert.match(baseUrlProblem('') ?? '', /empty/);
      assert.match(baseUrlProblem('api cloud nextmv io') ?? '', /not a host name or an http:\/\/ or https:\/\/ URL/);
      assert.match(baseUrlProblem('ws://x.example.com') ?? '', /"ws:" is not http: or https:/);
      assert.match(baseUrlProblem('https://u:p@x.example.com') ?? '', /user name or password/);
      assert.doesNotMatch(baseUrlProblem('https://u:p@x.example.com') ?? '', /u:p@/);
      assert.match(baseUrlProblem('https://x.example.com/#a') ?? '', /query/);
      assert.equal(baseUrlProblem('https://api.cloud.nextmv.io'), undefined);
    });
  });
});
