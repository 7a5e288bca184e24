import { strict as assert } from 'assert';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import { signDelivery } from '../../src/core/validator/signature';
import type { NextmvWebhooksTestApi } from '../../src/extension';
import type { FakeApi } from '../tools/fake-api';
import { waitFor } from './helpers/extension';
import { connectToFake } from './helpers/fake';

describe('Validate Delivery in VS Code', function () {
  this.timeout(60_000);
  let api: NextmvWebhooksTestApi;
  let fake: FakeApi;
  let stop: () => Promise<void>;
  before(async () => {
    ({ api, fake, stop } = await connectToFake());
  });
  after(async () => {
    api.validator.dispose?.();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await stop();
  });

  it('the command opens the validator panel', async () => {
    await vscode.commands.executeCommand(Commands.validateDelivery);
    await waitFor('the panel', () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => /Validate Delivery/.test(t.label)));
  });

  it('a round trip through the real webview: a signed delivery is Valid, one changed byte is Invalid, and no secret is ever posted', async () => {
    const secret = fake.secretOf('orders-prod')!;
    const body = '{"type":"run.status","data":{"run_id":"run-1","status_v2":"succeeded"}}';
    const header = signDelivery({ body, secret, timestamp: Math.floor(Date.now() / 1000) });
    const raw = (b: string) => `POST /hook HTTP/1.1\nContent-Type: application/json\nNextmv-Signature: ${header}\n\n${b}`;
    const posted: unknown[] = [];
    const sub = api.validator.onDidPostMessage((m) => posted.push(m));
    try {
      const verdictAfter = async (n: number) =>
        waitFor('a verdict from the host', () => posted.slice(n).reverse().find((m) => (m as { type?: string }).type === 'verdict') as { verdict: { signature?: { valid: boolean; reason: string } } } | undefined, 30_000);
      api.validator.show({ preselectWebhookId: 'orders-prod', prefill: { delivery: raw(body) } });
      const ok = await verdictAfter(0);
      assert.equal(ok.verdict.signature?.valid, true, JSON.stringify(ok.verdict));
      const n = posted.length;
      api.validator.show({ preselectWebhookId: 'orders-prod', prefill: { delivery: raw(body.replace('run-1', 'run-2')) } });
      const bad = await verdictAfter(n);
      assert.equal(bad.verdict.signature?.valid, false);
      assert.equal(bad.verdict.signature?.reason, 'signature-mismatch');
      assert.ok(!JSON.stringify(posted).includes(secret), 'the webhook secret never reaches the webview');
      assert.ok(!JSON.stringify(posted).includes(fake.key), 'nor the API key');
    } finally {
      sub.dispose();
    }
  });
});
