import { locale } from './language';
import * as l10n from '@vscode/l10n';
/**
 * The conversation inspector webview. It lays out a view model the extension host formatted; all of it
 * is untrusted (bodies, headers and URLs come from the network), so every piece of data goes into the
 * page through createElement + textContent only — never innerHTML, never an href or src.
 *
 * Why one file: one page — its skeleton, its renderers and its message handling; what it shares with
 * the validator page is in dom.ts and src/shared.
 */
import {
  isHostToInspectorMessage,
  isInspectorState,
  type BodyPart,
  type BodyView,
  type ConversationView,
  type HeaderRowView,
  type HostToInspectorMessage,
  type InspectorActionMessage,
  type InspectorState,
  type InspectorToHostMessage,
  type LocalAttemptView,
  type SignatureView,
} from '../shared/inspectorProtocol';
import type { SignatureVerdict } from '../shared/validatorProtocol';
import { REASON_TEXT } from './words';
import { el, icon, vscodeApi } from './dom';
import { formatDateTime, formatRelativeTime, formatTime, parseInstant } from '../shared/relativeTime';

const vscode = vscodeApi<InspectorToHostMessage, InspectorState>();
const RELATIVE_TIME_REFRESH_MS = 30_000;

// ---------------------------------------------------------------- page skeleton (static)

const root = document.getElementById('inspector-root') ?? document.body.appendChild(el('main', { id: 'inspector-root' }));
const statusLine = el('p', { id: 'action-status', role: 'status', 'aria-live': 'polite', class: 'action-status' });

interface ActionButton {
  readonly id: string;
  readonly label: string;
  readonly codicon: string;
  readonly build: (requestId: number) => InspectorActionMessage;
  readonly enabled: (c: ConversationView) => boolean;
}

const ACTIONS: readonly ActionButton[] = [
  { id: 'send-again', label: l10n.t('Send Again…'), codicon: 'debug-restart', build: (requestId) => ({ type: 'sendAgain', requestId }), enabled: (c) => !!c.request && !!c.webhookId },
  { id: 'edit-and-send', label: l10n.t('Edit and Send…'), codicon: 'edit', build: (requestId) => ({ type: 'editAndSend', requestId }), enabled: (c) => !!c.request && !!c.webhookId },
  { id: 'open-request-body', label: l10n.t('Open Request Body'), codicon: 'go-to-file', build: (requestId) => ({ type: 'openRequestBody', requestId }), enabled: (c) => !!c.request },
  { id: 'open-response-body', label: l10n.t('Open Response Body'), codicon: 'go-to-file', build: (requestId) => ({ type: 'openResponseBody', requestId }), enabled: (c) => !!c.response },
  { id: 'copy-curl', label: l10n.t('Copy as cURL'), codicon: 'copy', build: (requestId) => ({ type: 'copyCurl', requestId, resign: false }), enabled: (c) => !!c.request },
  { id: 'copy-curl-resigned', label: l10n.t('Copy as cURL (re-signed)'), codicon: 'key', build: (requestId) => ({ type: 'copyCurl', requestId, resign: true }), enabled: (c) => !!c.request && !!c.webhookId },
  { id: 'validate', label: l10n.t('Validate…'), codicon: 'verified', build: (requestId) => ({ type: 'validate', requestId }), enabled: (c) => !!c.request },
  { id: 'trigger-again', label: l10n.t('Trigger Again'), codicon: 'play', build: (requestId) => ({ type: 'triggerAgain', requestId }), enabled: (c) => !!c.webhookId },
  { id: 'compare-with', label: l10n.t('Compare With…'), codicon: 'diff', build: (requestId) => ({ type: 'compareWith', requestId }), enabled: (c) => !!c.request },
];

// ---------------------------------------------------------------- state

/** what is on screen */
let shown: ConversationView | undefined;
let nextRequestId = 0;
/** buttons waiting for the host's answer, by request id */
const pending = new Map<number, HTMLButtonElement>();
const saved: InspectorState | undefined = isInspectorState(vscode.getState()) ? (vscode.getState() as InspectorState) : undefined;
let restoreScrollY = saved?.scrollY;

/** `scrollY` is passed in right after a render: reading window.scrollY then would force a layout of it all. */
function saveState(scrollY: number = window.scrollY): void {
  if (!shown) return;
  vscode.setState({
    conversationId: shown.conversationId,
    ...(shown.webhookId !== undefined ? { webhookId: shown.webhookId } : {}),
    scrollY: Math.round(scrollY),
  });
}

function send(build: (requestId: number) => InspectorActionMessage, button: HTMLButtonElement): void {
  const requestId = ++nextRequestId;
  pending.set(requestId, button);
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  statusLine.textContent = '';
  vscode.postMessage(build(requestId));
}

// ---------------------------------------------------------------- rendering

function render(c: ConversationView, signature: SignatureView): void {
  const sections: Node[] = [
    renderSummary(c),
    renderActions(c),
    statusLine,
    el('section', { id: 'local-attempts', 'aria-labelledby': 'local-attempts-heading', hidden: '' }),
    renderRequest(c),
    c.response ? renderResponse(c) : renderNoResponse(c),
    el('section', { id: 'signature', 'aria-labelledby': 'signature-heading' }, el('h2', { id: 'signature-heading' }, l10n.t('Signature')), renderSignature(signature)),
  ];
  root.replaceChildren(...sections);
  root.removeAttribute('aria-busy');
  document.title = c.title;
}

function renderSummary(c: ConversationView): HTMLElement {
  const outcome = el(
    'p',
    { id: 'outcome', class: `outcome outcome-${c.outcome.kind}` },
    icon(c.outcome.icon),
    el('span', { class: 'outcome-word' }, c.outcome.word),
    ' ',
    el('span', { class: 'outcome-description' }, outcomeRest(c)),
  );
  const rows = el('dl', { class: 'summary' });
  const row = (term: string, value: Node | string | undefined, id?: string): void => {
    if (value === undefined || value === '') return;
    rows.append(el('div', { class: 'summary-row' }, el('dt', {}, term), el('dd', id ? { id } : {}, value)));
  };
  row(l10n.t('Sent'), c.sentAt ? renderSentAt(c.sentAt, c.sentAgo) : undefined, 'sent-at');
  row(l10n.t('Latency'), c.latency, 'latency');
  row(l10n.t('Endpoint'), c.endpointUrl ? el('span', { class: 'url' }, c.endpointUrl) : undefined, 'endpoint');
  row(l10n.t('Event'), c.eventType, 'event-type');
  row(l10n.t('Webhook'), c.webhookId, 'webhook-id');
  row(l10n.t('Run'), c.runStatus?.text, 'run-status');
  row(l10n.t('Conversation'), c.conversationId, 'conversation-id');
  if (c.error) row(l10n.t('Error'), el('span', { class: 'bad' }, c.error), 'delivery-error');
  return el('header', { class: 'summary-block' }, el('h1', { id: 'title' }, c.title), outcome, rows);
}

function renderSentAt(iso: string, agoAtBuild: string | undefined): HTMLElement {
  const ms = parseInstant(iso);
  const local = ms === undefined ? iso : formatDateTime(ms, locale);
  return el('span', {}, el('time', { datetime: iso }, local), ' ', el('span', { class: 'muted relative-time', 'data-iso': iso }, `(${agoAtBuild ?? ''})`));
}

function refreshRelativeTimes(): void {
  for (const span of Array.from(document.querySelectorAll<HTMLElement>('.relative-time'))) {
    const ms = parseInstant(span.dataset.iso);
    if (ms !== undefined) span.textContent = `(${formatRelativeTime(ms, Date.now(), locale)})`;
  }
}

function renderActions(c: ConversationView): HTMLElement {
  const group = el('div', { class: 'actions', role: 'group', 'aria-label': l10n.t('Conversation actions') });
  for (const action of ACTIONS) {
    const button = el('button', { type: 'button', id: action.id, class: 'secondary' }, icon(action.codicon), ' ', action.label);
    button.disabled = !action.enabled(c);
    button.addEventListener('click', () => send(action.build, button));
    group.append(button);
  }
  return group;
}

function renderRequest(c: ConversationView): HTMLElement {
  const section = el('section', { id: 'request', 'aria-labelledby': 'request-heading' }, el('h2', { id: 'request-heading' }, l10n.t('Request')));
  if (!c.request) {
    section.append(el('p', { class: 'muted' }, l10n.t('The conversation holds no request.')));
    return section;
  }
  section.append(
    el('p', { class: 'request-line' }, el('span', { class: 'method' }, c.request.method), ' ', el('span', { class: 'url' }, c.request.url)),
    renderHeaders(c.request.headers, l10n.t('Request headers')),
    renderBody(c.request.body, 'request'),
  );
  return section;
}

function renderResponse(c: ConversationView): HTMLElement {
  const r = c.response!;
  return el(
    'section',
    { id: 'response', 'aria-labelledby': 'response-heading' },
    el('h2', { id: 'response-heading' }, l10n.t('Response')),
    el('p', { class: `response-status outcome-${c.outcome.kind}` }, icon(c.outcome.icon), ' ', r.status),
    renderHeaders(r.headers, l10n.t('Response headers')),
    renderBody(r.body, 'response'),
  );
}

function renderNoResponse(c: ConversationView): HTMLElement {
  return el(
    'section',
    { id: 'response', 'aria-labelledby': 'response-heading' },
    el('h2', { id: 'response-heading' }, l10n.t('Response')),
    el('p', { class: `response-status outcome-${c.outcome.kind}` }, icon(c.outcome.icon), ' ', l10n.t('No response: {0}.', c.outcome.description)),
    c.error ? el('pre', { class: 'error-text', tabindex: '0', 'aria-label': l10n.t('Delivery error') }, c.error) : el('p', { class: 'muted' }, l10n.t('The API gave no reason.')),
  );
}

function renderHeaders(headers: readonly HeaderRowView[], label: string): HTMLElement {
  if (headers.length === 0) return el('p', { class: 'muted' }, l10n.t('{0}: none.', label));
  const body = el('tbody');
  for (const h of headers) body.append(el('tr', {}, el('th', { scope: 'row' }, h.name), el('td', {}, h.value)));
  return el('table', { class: 'headers' }, el('caption', {}, label), el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, l10n.t('Name')), el('th', { scope: 'col' }, l10n.t('Value')))), body);
}

/** A body block; `id` prefixes its element ids, `openFull` is what its "Open full body" button asks for. */
function renderBody(
  body: BodyView,
  part: BodyPart,
  o: { id?: string; heading?: string; openFull?: (requestId: number) => InspectorActionMessage } = {},
): HTMLElement {
  const name = o.heading ?? (part === 'request' ? l10n.t('Request body') : l10n.t('Response body'));
  const id = o.id ?? part;
  const openFull = o.openFull ?? ((requestId: number) => ({ type: 'openFullBody', requestId, part }) as const);
  const wrapper = el('div', { class: 'body-block' });
  const kind = body.prettyPrinted ? l10n.t('JSON, pretty-printed') : l10n.t('exact text');
  wrapper.append(el('h3', { id: `${id}-body-heading` }, name, ' ', el('span', { class: 'muted' }, `(${body.totalSize}, ${kind})`)));
  if (body.truncated) {
    const open = el('button', { type: 'button', id: `${id}-open-full`, class: 'secondary' }, icon('go-to-file'), l10n.t(' Open full body in editor'));
    open.addEventListener('click', () => send(openFull, open));
    wrapper.append(
      el(
        'div',
        { class: 'notice', id: `${id}-truncated`, role: 'note' },
        icon('info'),
        ' ',
        el('span', {}, l10n.t('Showing the first {0} of {1}: the body is too large to show here in full.', body.shownSize, body.totalSize)),
        ' ',
        open,
      ),
    );
  }
  if (body.totalBytes === 0) wrapper.append(el('p', { class: 'muted', id: `${id}-body-empty` }, l10n.t('Empty body.')));
  else {
    // Wrapping one 256 KB line costs Chromium seconds of layout (measured: ~2 s with emoji); unwrapped, ~0.3 s.
    const wrap = longestLineLength(body.text) <= LONGEST_WRAPPED_LINE ? 'body' : 'body no-wrap';
    wrapper.append(el('pre', { class: wrap, id: `${id}-body`, tabindex: '0', 'aria-labelledby': `${id}-body-heading` }, body.text));
  }
  return wrapper;
}

const LONGEST_WRAPPED_LINE = 10_000;

function longestLineLength(text: string): number {
  let longest = 0;
  for (let start = 0; start <= text.length; ) {
    const end = text.indexOf('\n', start);
    const stop = end < 0 ? text.length : end;
    longest = Math.max(longest, stop - start);
    start = stop + 1;
  }
  return longest;
}

function renderSignature(s: SignatureView): HTMLElement {
  const box = el('div', { id: 'signature-body' });
  if (s.state === 'unavailable') {
    box.append(el('p', { class: 'muted', id: 'signature-verdict', role: 'status' }, icon('info'), l10n.t(' Not checked: '), s.reason));
    return box;
  }
  box.append(renderVerdict(s.verdict), el('p', { class: 'muted' }, s.checkedAt));
  return box;
}

/** The main verdict is a live status; a local attempt's (`id` given) is plain text among the others. */
function renderVerdict(v: SignatureVerdict, id?: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  const words = REASON_TEXT[v.reason] ?? v.reason;
  const props = id ? { id: `${id}-verdict` } : { id: 'signature-verdict', role: 'status' };
  fragment.append(
    el('p', { ...props, class: `verdict ${v.valid ? 'ok' : 'bad'}` }, icon(v.valid ? 'pass' : 'error'), ' ', `${v.valid ? l10n.t('Valid') : l10n.t('Invalid')}: ${words}.`),
  );
  const checks = el('ul', { class: 'checks', 'aria-label': l10n.t('Checks') });
  for (const check of v.checks) {
    checks.append(
      el(
        'li',
        { class: check.ok ? 'ok' : 'bad' },
        icon(check.ok ? 'check' : 'close'),
        ' ',
        el('span', { class: 'visually-hidden' }, check.ok ? l10n.t('Passed: ') : l10n.t('Failed: ')),
        el('strong', {}, check.name),
        ' — ',
        el('span', { class: 'check-detail' }, check.detail),
      ),
    );
  }
  const details: Node[] = [checks];
  if (v.hints.length) {
    const hints = el('ul', { class: 'hints', 'aria-label': l10n.t('Hints') });
    for (const hint of v.hints) hints.append(el('li', {}, icon('lightbulb'), ' ', hint));
    details.push(el(id ? 'h4' : 'h3', {}, l10n.t('What probably went wrong')), hints);
  }
  if (!id) fragment.append(...details);
  else {
    // an attempt's checks fold away (several attempts share the page), open when the signature failed
    const fold = el('details', { class: 'checks-details' }, el('summary', {}, l10n.t('Checks')), ...details);
    fold.open = !v.valid;
    fragment.append(fold);
  }
  return fragment;
}

// ---------------------------------------------------------------- local attempts ("Sent from VS Code")

function renderAttempts(attempts: readonly LocalAttemptView[]): void {
  const section = document.getElementById('local-attempts');
  if (!section) return;
  section.hidden = attempts.length === 0;
  section.replaceChildren(
    el('h2', { id: 'local-attempts-heading' }, l10n.t('Sent from VS Code')),
    el('p', { class: 'muted' }, l10n.t('Requests sent from VS Code in this session, newest first. Nextmv did not send or record them.')),
    ...attempts.map((a, i) => renderAttempt(a, `attempt-${i + 1}`)),
  );
}

function renderAttempt(a: LocalAttemptView, id: string): HTMLElement {
  const c = a.conversation;
  const sentAt = parseInstant(c.sentAt);
  const when = sentAt === undefined ? '' : ` · ${formatTime(sentAt, locale)}`;
  // the status code first (or the error), as for a delivery
  const outcome = c.response
    ? el('p', { id: `${id}-outcome`, class: `outcome outcome-${c.outcome.kind}` }, icon(c.outcome.icon), el('span', { class: 'outcome-word' }, c.outcome.word), ' ', el('span', { class: 'outcome-description' }, outcomeRest(c)))
    : el('p', { id: `${id}-outcome`, class: `outcome outcome-${c.outcome.kind}` }, icon(c.outcome.icon), el('span', { class: 'outcome-description' }, a.summary));
  const facts = el('dl', { class: 'summary' });
  const fact = (term: string, value: string | undefined) => {
    if (value) facts.append(el('div', { class: 'summary-row' }, el('dt', {}, term), el('dd', {}, value)));
  };
  fact(l10n.t('Sent to'), a.target);
  fact(l10n.t('Latency'), c.latency);
  fact(l10n.t('Signed'), l10n.t('t = the time of sending, in {0}', a.unit));
  const [bodyNote, ...notes] = a.notes;
  fact(l10n.t('Body'), bodyNote);
  const actions = el('div', { class: 'actions', role: 'group', 'aria-label': l10n.t('Actions of the local attempt sent{0}', when.replace(' · ', ' at ')) });
  const action = (suffix: string, label: string, codicon: string, build: (requestId: number) => InspectorActionMessage, enabled: boolean) => {
    const button = el('button', { type: 'button', id: `${id}-${suffix}`, class: 'secondary' }, icon(codicon), ' ', label);
    button.disabled = !enabled;
    button.addEventListener('click', () => send(build, button));
    actions.append(button);
  };
  action('open-request-body', l10n.t('Open Request Body'), 'go-to-file', (requestId) => ({ type: 'openAttemptBody', requestId, attemptId: a.attemptId, part: 'request' }), !!c.request);
  action('open-response-body', l10n.t('Open Response Body'), 'go-to-file', (requestId) => ({ type: 'openAttemptBody', requestId, attemptId: a.attemptId, part: 'response' }), !!c.response);
  action('compare-with', l10n.t('Compare With…'), 'diff', (requestId) => ({ type: 'compareAttempt', requestId, attemptId: a.attemptId }), !!c.request);
  const answer = c.response
    ? [
        renderHeaders(c.response.headers, l10n.t('Response headers of the attempt sent{0}', when.replace(' · ', ' at '))),
        renderBody(c.response.body, 'response', {
          id: `${id}-response`,
          heading: l10n.t('Response body'),
          openFull: (requestId) => ({ type: 'openAttemptBody', requestId, attemptId: a.attemptId, part: 'response' }),
        }),
      ]
    : [el('pre', { class: 'error-text', id: `${id}-error`, tabindex: '0', 'aria-label': l10n.t('Why there is no answer') }, a.summary)];
  const signature = a.signature.state === 'verified' ? renderVerdict(a.signature.verdict, id) : el('p', { class: 'muted', id: `${id}-verdict` }, icon('info'), l10n.t(' Not checked: '), a.signature.reason);
  return el(
    'article',
    { class: 'attempt', id, 'aria-labelledby': `${id}-heading` },
    el('h3', { id: `${id}-heading` }, l10n.t('Sent from VS Code{0}', when)),
    outcome,
    facts,
    ...(notes.length ? [el('ul', { class: 'notes', 'aria-label': l10n.t('Notes') }, ...notes.map((n) => el('li', {}, icon('info'), ' ', n)))] : []),
    actions,
    ...answer,
    el('div', { class: 'attempt-signature' }, el('h4', {}, l10n.t('Signature of what was sent')), signature),
  );
}

/** "OK" of "200 OK": the description without the code the outcome word already shows. */
function outcomeRest(c: ConversationView): string {
  return c.outcome.description === c.outcome.word ? '' : c.outcome.description.replace(/^\d+\s*/, '');
}

function renderPlaceholder(text: string, isError = false): void {
  root.replaceChildren(el('p', { id: 'placeholder', role: isError ? 'alert' : 'status', class: isError ? 'bad' : 'muted' }, icon(isError ? 'error' : 'loading'), ' ', text));
}

// ---------------------------------------------------------------- messages from the host

function onMessage(message: HostToInspectorMessage): void {
  switch (message.type) {
    case 'show': {
      const sameConversation = shown?.conversationId === message.conversation.conversationId;
      shown = message.conversation;
      if (!sameConversation) restoreScrollY = undefined;
      render(message.conversation, message.signature);
      const scrollY = restoreScrollY ?? 0;
      if (restoreScrollY !== undefined) window.scrollTo(0, restoreScrollY);
      restoreScrollY = undefined;
      pending.clear();
      saveState(scrollY);
      break;
    }
    case 'localAttempts':
      if (shown?.conversationId === message.conversationId) renderAttempts(message.attempts);
      break;
    case 'loading':
      if (!shown) renderPlaceholder(message.text);
      break;
    case 'loadError':
      shown = undefined;
      renderPlaceholder(message.message, true);
      break;
    case 'actionResult': {
      const button = pending.get(message.requestId);
      pending.delete(message.requestId);
      if (button?.isConnected) {
        button.disabled = false;
        button.removeAttribute('aria-busy');
      }
      statusLine.className = `action-status ${message.ok ? '' : 'bad'}`;
      statusLine.textContent = message.message ?? '';
      break;
    }
  }
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (isHostToInspectorMessage(event.data)) onMessage(event.data);
});

let scrollSaveTimer: number | undefined;
window.addEventListener('scroll', () => {
  window.clearTimeout(scrollSaveTimer);
  scrollSaveTimer = window.setTimeout(() => saveState(), 200);
});
window.setInterval(refreshRelativeTimes, RELATIVE_TIME_REFRESH_MS);

renderPlaceholder(saved ? l10n.t('Loading conversation {0}…', saved.conversationId) : l10n.t('Loading conversation…'));
vscode.postMessage({ type: 'ready' });
