/**
 * The pure code's strings come out translated once @vscode/l10n has a bundle, as the webviews configure it
 * (in the extension host, esbuild points the same t() at vscode.l10n.t). A pseudo-translation of the
 * committed bundle (l10n-dev's pseudo-localizer) stands in for a language.
 */
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as l10n from '@vscode/l10n';
import { getL10nPseudoLocalized } from '@vscode/l10n-dev';
import { webhookIdProblem } from '../../../src/core/forms/webhookForm';
import { failureAlertText } from '../../../src/core/filter/failures';
import { describeFilter } from '../../../src/core/filter/filter';

const bundle: Record<string, string> = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'l10n', 'bundle.l10n.json'), 'utf8'));

describe('core strings through @vscode/l10n', () => {
  afterEach(() => l10n.config({ contents: {} }));

  it('English without a bundle: the keys are the English text', () => {
    assert.equal(webhookIdProblem('')?.message, 'Enter an id for the webhook, e.g. orders-prod.');
  });

  it('a pseudo-translated bundle translates validation messages and filter words', () => {
    const pseudo = getL10nPseudoLocalized(bundle) as Record<string, string>;
    l10n.config({ contents: pseudo });
    const message = webhookIdProblem('')?.message;
    assert.equal(message, pseudo['Enter an id for the webhook, e.g. orders-prod.']);
    assert.notEqual(message, 'Enter an id for the webhook, e.g. orders-prod.');
    assert.equal(describeFilter({ time: { kind: 'day' } }), pseudo['last day']);
  });

  it('plurals take the forms the translation gives for its language (Polish few/many)', () => {
    l10n.config({
      contents: {
        'one={0} delivery|other={0} deliveries': 'one={0} dostawa|few={0} dostawy|many={0} dostaw|other={0} dostawy',
        '{0} to {1} failed since the last refresh.': '{0} do {1}: błąd od ostatniego odświeżenia.',
      },
    });
    const alert = (failed: number) => failureAlertText([{ webhookId: 'orders', failed, exact: true, newestFailedId: 'c1' }], 4, 'pl');
    assert.equal(alert(1), '1 dostawa do orders: błąd od ostatniego odświeżenia.');
    assert.equal(alert(3), '3 dostawy do orders: błąd od ostatniego odświeżenia.');
    assert.equal(alert(5), '5 dostaw do orders: błąd od ostatniego odświeżenia.');
    l10n.config({ contents: {} });
    assert.equal(failureAlertText([{ webhookId: 'orders', failed: 1, exact: true, newestFailedId: 'c1' }], 4, 'en'), '1 delivery to orders failed since the last refresh.');
  });
});
