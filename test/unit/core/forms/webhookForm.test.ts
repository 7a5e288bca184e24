import { strict as assert } from 'assert';
import { descriptionProblem, endpointUrlProblem, webhookIdProblem } from '../../../../src/core/forms/webhookForm';

describe('webhook form validation', () => {
  describe('id', () => {
    it('accepts slugs', () => {
      for (const id of ['orders-prod', 'a', 'A_b-9', 'x'.repeat(64)]) assert.equal(webhookIdProblem(id), undefined, id);
    });
    it('explains what is wrong', () => {
      assert.match(webhookIdProblem('')!.message, /Enter an id/);
      assert.match(webhookIdProblem('x'.repeat(65))!.message, /at most 64/);
      assert.match(webhookIdProblem('orders prod!')!.message, /not space, "!"/);
      assert.match(webhookIdProblem('dup', new Set(['dup']))!.message, /already exists/);
    });
  });
  describe('endpoint URL', () => {
    it('accepts https anywhere and http on localhost', () => {
      for (const u of ['https://example.com/hook', 'http://localhost:3000/h', 'http://127.0.0.1:8080', 'http://app.localhost/x']) {
        assert.equal(endpointUrlProblem(u), undefined, u);
      }
    });
    it('warns on plain http elsewhere', () => {
      const p = endpointUrlProblem('http://example.com/hook')!;
      assert.equal(p.severity, 'warning');
      assert.match(p.message, /unencrypted/);
    });
    it('rejects what cannot receive a webhook', () => {
      assert.match(endpointUrlProblem('')!.message, /Enter the URL/);
      assert.match(endpointUrlProblem('example.com/hook')!.message, /not an absolute URL/);
      assert.match(endpointUrlProblem('ftp://example.com')!.message, /Only http and https/);
      assert.match(endpointUrlProblem('https://user:pw@example.com')!.message, /credentials/);
    });
  });
  it('description length', () => {
    assert.equal(descriptionProblem('ok'), undefined);
    assert.match(descriptionProblem('x'.repeat(1001))!.message, /at most 1000/);
  });
});
