import { locale } from './language';
import * as l10n from '@vscode/l10n';
/**
 * The Validate Delivery webview: a form (its names are part of the UI contract) whose content goes to the extension
 * host as text; the host answers with a verdict. Everything shown is built with createElement and
 * textContent — pasted deliveries are untrusted. Webhook secrets never arrive here.
 *
 * Why one file: one page — the form, its saved state and the verdict's rendering; what it shares with
 * the inspector page is in dom.ts and src/shared.
 */
import {
  isHostToWebviewMessage,
  type HostToWebviewMessage,
  type Prefill,
  type SecretChoice,
  type SignatureVerdict,
  type ValidateRequest,
  type Verdict,
  type WebviewToHostMessage,
} from '../shared/validatorProtocol';
import { REASON_TEXT, SOURCE_TEXT } from './words';
import { el, vscodeApi } from './dom';
import { formatNumber, plural } from '../shared/intl';

/** What survives hide/show and reloads. The pasted secret is deliberately not in it: state is written to disk. */
interface SavedState {
  readonly version: 1;
  readonly delivery: string;
  readonly signatureHeader: string;
  readonly body: string;
  readonly webhookId: string;
  readonly maxAge: string;
  readonly maxSkew: string;
  readonly ignoreTimestamp: boolean;
}

const DEBOUNCE_MS = 250;
const FALLBACK_DEFAULTS = { maxAgeSeconds: 300, maxSkewSeconds: 60 };

const vscode = vscodeApi<WebviewToHostMessage, SavedState>();

// ---------------------------------------------------------------- DOM helpers

function field(label: string, control: HTMLElement, help?: string): HTMLElement {
  const wrapper = el('div', { class: 'field' }, el('label', { for: control.id }, label));
  if (help) {
    const helpId = `${control.id}-help`;
    control.setAttribute('aria-describedby', helpId);
    wrapper.append(el('p', { id: helpId, class: 'muted help' }, help));
  }
  wrapper.append(control);
  return wrapper;
}

// ---------------------------------------------------------------- the form

const deliveryInput = el('textarea', { id: 'delivery', rows: '12', spellcheck: 'false', placeholder: 'POST /hook HTTP/1.1\nNextmv-Signature: t=…,v1=…\n\n{"type":"run.status",…}' });
const signatureInput = el('input', { id: 'signature-header', type: 'text', spellcheck: 'false', autocomplete: 'off', placeholder: 't=…,v1=…' });
const bodyInput = el('textarea', { id: 'body', rows: '4', spellcheck: 'false', placeholder: l10n.t('Optional: the raw body, when pasted apart from the headers') });
const webhookSelect = el('select', { id: 'webhook' });
const reloadButton = el('button', { type: 'button', id: 'reload-webhooks', class: 'secondary' }, l10n.t('Reload list'));
const secretInput = el('input', { id: 'secret', type: 'password', autocomplete: 'off', spellcheck: 'false', placeholder: l10n.t('Or paste a signing secret') });
const showSecretButton = el('button', { type: 'button', id: 'show-secret', class: 'secondary', 'aria-pressed': 'false', 'aria-controls': 'secret' }, l10n.t('Show secret'));
const secretNote = el('p', { id: 'secret-note', class: 'muted' });
const maxAgeInput = el('input', { id: 'max-age', type: 'number', min: '0', step: '1', inputmode: 'numeric' });
const maxSkewInput = el('input', { id: 'max-skew', type: 'number', min: '0', step: '1', inputmode: 'numeric' });
const ignoreTimestampInput = el('input', { id: 'ignore-timestamp', type: 'checkbox' });
const validateButton = el('button', { type: 'submit', id: 'validate' }, l10n.t('Validate'));
// The status element holds only the verdict's words, so its text starts with "Valid" or "Invalid".
const statusBox = el('div', { id: 'status', role: 'status', 'aria-live': 'polite' });
const statusIcon = el('span', { class: 'icon', 'aria-hidden': 'true' });
// Never hidden: a live region must be in the accessibility tree before its text changes to be announced.
const verdictBox = el('div', { class: 'verdict' }, statusIcon, statusBox);
const details = el('div', { id: 'details' });

const form = el(
  'form',
  { id: 'validator-form', novalidate: '' },
  field(l10n.t('Delivery'), deliveryInput, l10n.t('A raw HTTP request (request line, headers, blank line, body), a conversation JSON, a curl command, or just the body.')),
  field(l10n.t('Signature header'), signatureInput, l10n.t('Optional: the Nextmv-Signature value, when pasted apart.')),
  field(l10n.t('Body'), bodyInput),
  el(
    'div',
    { class: 'row' },
    el('div', { class: 'field' }, el('label', { for: 'webhook' }, l10n.t('Webhook')), el('div', { class: 'inline' }, webhookSelect, reloadButton)),
    el('div', { class: 'field' }, el('label', { for: 'secret' }, l10n.t('Secret')), el('div', { class: 'inline' }, secretInput, showSecretButton)),
  ),
  secretNote,
  el(
    'div',
    { class: 'row' },
    field(l10n.t('Max age (seconds)'), maxAgeInput),
    field(l10n.t('Max skew (seconds)'), maxSkewInput),
    el('div', { class: 'field checkbox' }, ignoreTimestampInput, el('label', { for: 'ignore-timestamp' }, l10n.t('Ignore timestamp'))),
  ),
  el('div', { class: 'actions' }, validateButton),
);

const root = document.getElementById('validator-root') ?? document.body;
root.append(
  el('h1', {}, l10n.t('Validate Delivery')),
  el('p', { class: 'muted' }, l10n.t('Check a delivery’s Nextmv-Signature and learn why it fails. A webhook’s secret stays in the extension host.')),
  form,
  el('section', { 'aria-labelledby': 'result-heading' }, el('h2', { id: 'result-heading' }, l10n.t('Result')), verdictBox, details),
);

// ---------------------------------------------------------------- state

let defaults = FALLBACK_DEFAULTS;
let latestRequestId = 0;
let listRequestId = 0;
let debounce: ReturnType<typeof setTimeout> | undefined;

function readState(): SavedState | undefined {
  const s = vscode.getState() as Partial<SavedState> | undefined;
  if (!s || s.version !== 1) return undefined;
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  return {
    version: 1,
    delivery: str(s.delivery),
    signatureHeader: str(s.signatureHeader),
    body: str(s.body),
    webhookId: str(s.webhookId),
    maxAge: str(s.maxAge),
    maxSkew: str(s.maxSkew),
    ignoreTimestamp: s.ignoreTimestamp === true,
  };
}

function saveState(): void {
  vscode.setState({
    version: 1,
    delivery: deliveryInput.value,
    signatureHeader: signatureInput.value,
    body: bodyInput.value,
    webhookId: webhookSelect.value,
    maxAge: maxAgeInput.value,
    maxSkew: maxSkewInput.value,
    ignoreTimestamp: ignoreTimestampInput.checked,
  });
}

const restored = readState();
if (restored) {
  deliveryInput.value = restored.delivery;
  signatureInput.value = restored.signatureHeader;
  bodyInput.value = restored.body;
  maxAgeInput.value = restored.maxAge;
  maxSkewInput.value = restored.maxSkew;
  ignoreTimestampInput.checked = restored.ignoreTimestamp;
}
setWebhookIds([], restored?.webhookId);
updateSecretNote();

function setWebhookIds(ids: readonly string[], select: string | undefined): void {
  const current = select ?? webhookSelect.value;
  const all = current && !ids.includes(current) ? [...ids, current] : ids;
  webhookSelect.replaceChildren(
    el('option', { value: '' }, ids.length ? l10n.t('None: use the pasted secret') : l10n.t('No webhooks: paste a secret')),
    ...all.map((id) => el('option', { value: id }, id)),
  );
  webhookSelect.value = current ?? '';
}

function applyPrefill(prefill: Prefill | undefined): void {
  if (!prefill) return;
  if (prefill.delivery !== undefined) deliveryInput.value = prefill.delivery;
  if (prefill.signatureHeader !== undefined) signatureInput.value = prefill.signatureHeader;
  if (prefill.body !== undefined) bodyInput.value = prefill.body;
}

// ---------------------------------------------------------------- requests

function numberOr(input: HTMLInputElement, fallback: number): number {
  const text = input.value.trim();
  const n = Number(text);
  const ok = text === '' || (Number.isFinite(n) && n >= 0);
  input.setAttribute('aria-invalid', ok ? 'false' : 'true');
  return text !== '' && ok ? n : fallback;
}

function secretChoice(): SecretChoice {
  if (secretInput.value !== '') return { kind: 'pasted', secret: secretInput.value };
  if (webhookSelect.value !== '') return { kind: 'webhook', webhookId: webhookSelect.value };
  return { kind: 'none' };
}

function hasInput(): boolean {
  return deliveryInput.value.trim() !== '' || bodyInput.value !== '' || signatureInput.value.trim() !== '';
}

function validateNow(): void {
  if (debounce !== undefined) clearTimeout(debounce);
  debounce = undefined;
  saveState();
  updateSecretNote();
  if (!hasInput()) {
    latestRequestId++; // any answer still on its way is stale now
    showIdle();
    return;
  }
  const request: ValidateRequest = {
    delivery: deliveryInput.value,
    signatureHeader: signatureInput.value,
    body: bodyInput.value,
    secret: secretChoice(),
    maxAgeSeconds: numberOr(maxAgeInput, defaults.maxAgeSeconds),
    maxSkewSeconds: numberOr(maxSkewInput, defaults.maxSkewSeconds),
    ignoreTimestamp: ignoreTimestampInput.checked,
  };
  vscode.postMessage({ type: 'validate', requestId: ++latestRequestId, request });
}

function validateSoon(): void {
  // state is saved with the (debounced) validation: serialising a big delivery on every keystroke would lag
  if (debounce !== undefined) clearTimeout(debounce);
  debounce = setTimeout(validateNow, DEBOUNCE_MS);
}

function updateSecretNote(): void {
  const choice = secretChoice();
  secretNote.textContent =
    choice.kind === 'pasted'
      ? l10n.t('The pasted secret is used. It goes to the extension host for this check and is not stored.')
      : choice.kind === 'webhook'
        ? l10n.t('The secret of webhook “{0}” is used. It is fetched by the extension host and never shown here.', choice.webhookId)
        : l10n.t('Choose a webhook, or paste its signing secret.');
}

for (const input of [deliveryInput, signatureInput, bodyInput, secretInput, maxAgeInput, maxSkewInput]) {
  input.addEventListener('input', validateSoon);
}
webhookSelect.addEventListener('change', validateNow);
ignoreTimestampInput.addEventListener('change', validateNow);
form.addEventListener('submit', (e) => {
  e.preventDefault();
  validateNow();
});
showSecretButton.addEventListener('click', () => {
  const show = secretInput.type === 'password';
  secretInput.type = show ? 'text' : 'password';
  showSecretButton.setAttribute('aria-pressed', String(show));
  showSecretButton.textContent = show ? l10n.t('Hide secret') : l10n.t('Show secret');
});
reloadButton.addEventListener('click', () => {
  vscode.postMessage({ type: 'listWebhooks', requestId: ++listRequestId });
});

// ---------------------------------------------------------------- messages from the host

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (!isHostToWebviewMessage(event.data)) return; // anything else is not ours
  onHostMessage(event.data);
});

function onHostMessage(message: HostToWebviewMessage): void {
  switch (message.type) {
    case 'init':
      defaults = { maxAgeSeconds: message.defaults.maxAgeSeconds, maxSkewSeconds: message.defaults.maxSkewSeconds };
      maxAgeInput.placeholder = String(defaults.maxAgeSeconds);
      maxSkewInput.placeholder = String(defaults.maxSkewSeconds);
      if (maxAgeInput.value === '') maxAgeInput.value = String(defaults.maxAgeSeconds);
      if (maxSkewInput.value === '') maxSkewInput.value = String(defaults.maxSkewSeconds);
      setWebhookIds(message.webhookIds, message.preselectWebhookId ?? (webhookSelect.value || undefined));
      applyPrefill(message.prefill);
      validateNow();
      if (message.webhookListError) showWebhookListError(message.webhookListError);
      return;
    case 'prefill':
      if (message.preselectWebhookId) setWebhookIds(Array.from(webhookSelect.options, (o) => o.value).filter(Boolean), message.preselectWebhookId);
      applyPrefill(message.prefill);
      validateNow();
      return;
    case 'webhooks':
      if (message.requestId !== listRequestId) return; // an older reload
      setWebhookIds(message.webhookIds, webhookSelect.value || undefined);
      if (message.error) showWebhookListError(message.error);
      else updateSecretNote();
      return;
    case 'verdict':
      if (message.requestId === latestRequestId) showVerdict(message.verdict);
      return;
  }
}

function showWebhookListError(error: string): void {
  updateSecretNote();
  secretNote.textContent = l10n.t('{0} You can still paste a secret.', error);
}

// ---------------------------------------------------------------- the verdict

function showIdle(): void {
  verdictBox.className = 'verdict';
  statusIcon.textContent = '';
  statusBox.textContent = '';
  details.replaceChildren(el('p', { class: 'muted' }, l10n.t('Paste a delivery to check it.')));
}

function setStatus(valid: boolean, text: string): void {
  verdictBox.className = `verdict ${valid ? 'valid' : 'invalid'}`;
  statusIcon.className = `icon ${valid ? 'ok' : 'bad'}`;
  statusIcon.textContent = valid ? '✓' : '✗';
  statusBox.textContent = text;
}

function showVerdict(verdict: Verdict): void {
  const parts: Node[] = [];
  if (!verdict.delivery.ok) {
    setStatus(false, l10n.t('Invalid — the delivery could not be read: {0}', verdict.delivery.error));
    details.replaceChildren();
    return;
  }
  const summary = verdict.delivery.summary;
  const sig = verdict.signature;
  if (!sig) {
    setStatus(false, l10n.t('Invalid — the signature could not be checked: {0}', verdict.secretError ?? l10n.t('no secret.')));
  } else {
    const variant = sig.reason === 'signature-mismatch' && sig.matchedVariant ? l10n.t('; it matches {0}', sig.matchedVariant) : '';
    setStatus(sig.valid, `${sig.valid ? l10n.t('Valid') : l10n.t('Invalid')} — ${REASON_TEXT[sig.reason]}${variant}.`);
  }
  const what = [l10n.t('Read as {0}', SOURCE_TEXT[summary.source] ?? summary.source)];
  if (summary.method || summary.url) what.push([summary.method, summary.url].filter(Boolean).join(' '));
  what.push(plural(summary.headerCount, l10n.t('one={0} header|other={0} headers', formatNumber(summary.headerCount, locale)), locale), plural(summary.bodyBytes, l10n.t('one={0}-byte body|other={0}-byte body', formatNumber(summary.bodyBytes, locale)), locale));
  parts.push(el('p', { class: 'muted', id: 'read-as' }, `${what.join(', ')}.${verdict.secretLabel ? l10n.t(' Checked with {0}.', verdict.secretLabel) : ''}`));

  if (sig) {
    parts.push(el('h3', {}, l10n.t('Checks')), checkList(sig));
    if (sig.hints.length) parts.push(el('h3', {}, sig.valid ? l10n.t('Worth knowing') : l10n.t('What probably went wrong')), list('hints', sig.hints));
  }
  if (summary.notes.length) parts.push(el('h3', {}, l10n.t('Notes on the pasted delivery')), list('notes', summary.notes));
  if (sig?.signedPayloadPreview !== undefined) parts.push(...signedString(sig, summary.bodyBytes));
  if (sig?.expectedSignature) parts.push(...signatures(sig));
  details.replaceChildren(...parts);
}

function checkList(sig: SignatureVerdict): HTMLElement {
  return el(
    'ul',
    { class: 'checks', id: 'checks' },
    ...sig.checks.map((c) =>
      el(
        'li',
        { class: `check ${c.ok ? 'passed' : 'failed'}` },
        el('span', { class: `icon ${c.ok ? 'ok' : 'bad'}`, 'aria-hidden': 'true' }, c.ok ? '✓' : '✗'),
        el('span', { class: 'visually-hidden' }, c.ok ? l10n.t('Passed: ') : l10n.t('Failed: ')),
        el('strong', {}, c.name),
        ` — ${c.detail}`,
      ),
    ),
  );
}

function list(id: string, items: readonly string[]): HTMLElement {
  return el('ul', { id }, ...items.map((text) => el('li', {}, text)));
}

/** The signed string with carriage returns made visible: they are invisible yet change the signature. */
function signedString(sig: SignatureVerdict, bodyBytes: number): Node[] {
  const text = sig.signedPayloadPreview ?? '';
  const pre = el('pre', { id: 'signed-string', tabindex: '0' });
  const pieces = text.split('\r');
  pieces.forEach((piece, i) => {
    if (i > 0) pre.append(el('span', { class: 'cr', title: l10n.t('carriage return (\\r)') }, '␍'));
    pre.append(document.createTextNode(piece));
  });
  const facts = [l10n.t('t={0}, a dot, then the {1}-byte body', sig.timestamp ?? '', formatNumber(bodyBytes, locale))];
  if (sig.signedPayloadTruncated) facts.push(l10n.t('shortened in the middle'));
  if (text.includes('\r')) facts.push(l10n.t('␍ marks a carriage return'));
  return [el('h3', {}, l10n.t('Signed string')), el('p', { class: 'muted' }, `${facts.join('; ')}.`), pre];
}

function signatures(sig: SignatureVerdict): Node[] {
  const received = sig.receivedSignatures ?? [];
  return [
    el('h3', {}, l10n.t('Expected signature')),
    el('p', {}, el('code', { id: 'expected-signature' }, `v1=${sig.expectedSignature ?? ''}`)),
    el('h3', {}, l10n.t('Received')),
    received.length
      ? el(
          'ul',
          { id: 'received-signatures' },
          ...received.map((r, i) => {
            const ok = sig.matchedSignatureIndex === i;
            return el(
              'li',
              {},
              el('span', { class: `icon ${ok ? 'ok' : 'bad'}`, 'aria-hidden': 'true' }, ok ? '✓' : '✗'),
              el('span', { class: 'visually-hidden' }, ok ? l10n.t('Matches: ') : l10n.t('Does not match: ')),
              el('code', {}, `v1=${r}`),
            );
          }),
        )
      : el('p', { class: 'muted' }, l10n.t('No v1 value.')),
  ];
}

showIdle();
vscode.postMessage({ type: 'ready' });
