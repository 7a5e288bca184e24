/**
 * Messages between the conversation inspector webview and the extension host, with a runtime guard for
 * what each side receives. Shared by Node and browser code, so it has no Node or DOM imports.
 *
 * Everything the webview gets is already formatted by the host (`ConversationView`), and nothing in it
 * is secret: signatures are verified in the host, and only the verdict crosses over.
 *
 * Why one file: it is one contract — the view model, both directions of messages and the guards that
 * enforce them, read side by side by the host and the webview; split, each side would import them all.
 */
import { arrayOf, hasShape, isBoolean, isCount, isRecord, isRequestId, isString, oneOf, optional, type Guard } from './guards';
import { isSignatureVerdict, type SignatureVerdict } from './validatorProtocol';
import { OUTCOME_KINDS, TIMESTAMP_UNITS, type OutcomeKind, type TimestampUnit } from './vocabulary';

export type { OutcomeKind } from './vocabulary';
export { isRequestId } from './guards';

export const INSPECTOR_VIEW_TYPE = 'nextmvWebhooks.inspector';

// ---------------------------------------------------------------- the view model


export type BodyPart = 'request' | 'response';

export interface HeaderRowView {
  readonly name: string;
  readonly value: string;
}

export interface BodyView {
  /** what to show: pretty-printed JSON or the exact text, cut at `shownBytes` */
  readonly text: string;
  readonly prettyPrinted: boolean;
  readonly truncated: boolean;
  /** UTF-8 size of the body as sent */
  readonly totalBytes: number;
  /** UTF-8 size of `text` */
  readonly shownBytes: number;
  /** "5 MB", for the truncation notice */
  readonly totalSize: string;
  readonly shownSize: string;
}

export interface RequestView {
  readonly method: string;
  readonly url: string;
  readonly headers: readonly HeaderRowView[];
  readonly body: BodyView;
}

export interface ResponseView {
  readonly statusCode: number;
  /** "200 OK" */
  readonly status: string;
  readonly headers: readonly HeaderRowView[];
  readonly body: BodyView;
}

export interface ConversationView {
  readonly conversationId: string;
  readonly webhookId?: string;
  /** the status word first, like the tree row: "200 · run.status" */
  readonly title: string;
  readonly outcome: {
    readonly kind: OutcomeKind;
    /** "200", "error", "timeout" */
    readonly word: string;
    /** "200 OK", "Endpoint unreachable" */
    readonly description: string;
    /** codicon name, shown together with `description` */
    readonly icon: string;
  };
  readonly eventType?: string;
  /** RFC 3339, for the webview to show in local time and keep "2 min ago" current */
  readonly sentAt?: string;
  /** "2 min ago" when the view was built */
  readonly sentAgo?: string;
  /** "42 ms" */
  readonly latency?: string;
  readonly endpointUrl?: string;
  /** "run-123 · app-x · succeeded" */
  readonly runStatus?: { readonly runId?: string; readonly applicationId?: string; readonly status?: string; readonly text: string };
  readonly request?: RequestView;
  readonly response?: ResponseView;
  /** why there is no response (unreachable, timed out) */
  readonly error?: string;
}

export type SignatureView =
  | {
      readonly state: 'verified';
      readonly verdict: SignatureVerdict;
      /** what "now" the freshness check used, in words: the time the request was sent, or not checked */
      readonly checkedAt: string;
    }
  | { readonly state: 'unavailable'; readonly reason: string };

/** A request sent from VS Code (Send Again, Sign & Send) and its answer: shown apart from what Nextmv recorded. */
export interface LocalAttemptView {
  readonly attemptId: string;
  readonly target: string;
  /** the unit t was signed in */
  readonly unit: TimestampUnit;
  /** the body sent differs from the recorded one */
  readonly edited: boolean;
  /** what was sent next to the recording, a redirect not followed, headers left out */
  readonly notes: readonly string[];
  /** "error: could not connect…" when there was no answer: the outcome's first words */
  readonly summary: string;
  readonly conversation: ConversationView;
  /** the same check as a delivery's, of what was sent */
  readonly signature: SignatureView;
}

// ---------------------------------------------------------------- host → webview

export interface ShowMessage {
  readonly type: 'show';
  readonly conversation: ConversationView;
  readonly signature: SignatureView;
}
export interface LoadingMessage {
  readonly type: 'loading';
  readonly text: string;
}
export interface LoadErrorMessage {
  readonly type: 'loadError';
  readonly message: string;
}
/** The answer to an action that carried a requestId. */
export interface ActionResultMessage {
  readonly type: 'actionResult';
  readonly requestId: number;
  readonly ok: boolean;
  /** for the status line; absent when the action speaks for itself (an editor opened) */
  readonly message?: string;
}
/** This session's local attempts of the shown delivery, newest first (replaces the list shown). */
export interface LocalAttemptsMessage {
  readonly type: 'localAttempts';
  readonly conversationId: string;
  readonly attempts: readonly LocalAttemptView[];
}
export type HostToInspectorMessage = ShowMessage | LoadingMessage | LoadErrorMessage | ActionResultMessage | LocalAttemptsMessage;

// ---------------------------------------------------------------- webview → host

export interface InspectorReadyMessage {
  readonly type: 'ready';
}
export const INSPECTOR_ACTION_TYPES = [
  'openRequestBody',
  'openResponseBody',
  'copyCurl',
  'validate',
  'triggerAgain',
  'compareWith',
  'openFullBody',
  'sendAgain',
  'editAndSend',
  'openAttemptBody',
  'compareAttempt',
] as const;
export type InspectorActionType = (typeof INSPECTOR_ACTION_TYPES)[number];

interface ActionBase {
  /** echoed in the ActionResultMessage */
  readonly requestId: number;
}
export interface OpenRequestBodyMessage extends ActionBase {
  readonly type: 'openRequestBody';
}
export interface OpenResponseBodyMessage extends ActionBase {
  readonly type: 'openResponseBody';
}
export interface CopyCurlMessage extends ActionBase {
  readonly type: 'copyCurl';
  /** with a fresh Nextmv-Signature made in the host with the webhook's secret */
  readonly resign: boolean;
}
export interface ValidateActionMessage extends ActionBase {
  readonly type: 'validate';
}
export interface TriggerAgainMessage extends ActionBase {
  readonly type: 'triggerAgain';
}
export interface CompareWithMessage extends ActionBase {
  readonly type: 'compareWith';
}
export interface OpenFullBodyMessage extends ActionBase {
  readonly type: 'openFullBody';
  readonly part: BodyPart;
}
/** Send Again…: asks for a target in VS Code, sends the recorded body freshly signed, lists the attempt */
export interface SendAgainMessage extends ActionBase {
  readonly type: 'sendAgain';
}
/** Edit and Send…: opens the request body as an editable document, for Sign & Send */
export interface EditAndSendMessage extends ActionBase {
  readonly type: 'editAndSend';
}
export interface OpenAttemptBodyMessage extends ActionBase {
  readonly type: 'openAttemptBody';
  readonly attemptId: string;
  readonly part: BodyPart;
}
export interface CompareAttemptMessage extends ActionBase {
  readonly type: 'compareAttempt';
  readonly attemptId: string;
}
export type InspectorActionMessage =
  | SendAgainMessage
  | EditAndSendMessage
  | OpenAttemptBodyMessage
  | CompareAttemptMessage
  | OpenRequestBodyMessage
  | OpenResponseBodyMessage
  | CopyCurlMessage
  | ValidateActionMessage
  | TriggerAgainMessage
  | CompareWithMessage
  | OpenFullBodyMessage;
export type InspectorToHostMessage = InspectorReadyMessage | InspectorActionMessage;

/** What the webview keeps with setState; also what the panel serializer restores a panel from. */
export interface InspectorState {
  readonly webhookId?: string;
  readonly conversationId: string;
  readonly scrollY?: number;
}

// ---------------------------------------------------------------- guards

export function isInspectorActionMessage(v: unknown): v is InspectorActionMessage {
  if (!isRecord(v) || !oneOf(INSPECTOR_ACTION_TYPES)(v.type) || !isRequestId(v.requestId)) return false;
  if (v.type === 'copyCurl') return isBoolean(v.resign);
  if (v.type === 'openFullBody') return isBodyPart(v.part);
  if (v.type === 'openAttemptBody') return isString(v.attemptId) && isBodyPart(v.part);
  if (v.type === 'compareAttempt') return isString(v.attemptId);
  return true;
}

function isBodyPart(v: unknown): v is BodyPart {
  return v === 'request' || v === 'response';
}

export function isInspectorToHostMessage(v: unknown): v is InspectorToHostMessage {
  return (isRecord(v) && v.type === 'ready') || isInspectorActionMessage(v);
}

export function isInspectorState(v: unknown): v is InspectorState {
  return hasShape(v, { conversationId: isString, webhookId: optional(isString), scrollY: optional((n): n is number => typeof n === 'number') }) && v.conversationId !== '';
}

const isHeaderRow: Guard<HeaderRowView> = (v): v is HeaderRowView => hasShape(v, { name: isString, value: isString });

const isBodyView: Guard<BodyView> = (v): v is BodyView =>
  hasShape(v, {
    text: isString,
    prettyPrinted: isBoolean,
    truncated: isBoolean,
    totalBytes: isCount,
    shownBytes: isCount,
    totalSize: isString,
    shownSize: isString,
  });

const isRequestView: Guard<RequestView> = (v): v is RequestView =>
  hasShape(v, { method: isString, url: isString, headers: arrayOf(isHeaderRow), body: isBodyView });

const isResponseView: Guard<ResponseView> = (v): v is ResponseView =>
  hasShape(v, { statusCode: isCount, status: isString, headers: arrayOf(isHeaderRow), body: isBodyView });

export const isConversationView: Guard<ConversationView> = (v): v is ConversationView =>
  hasShape(v, {
    conversationId: isString,
    webhookId: optional(isString),
    title: isString,
    outcome: (o): o is object => hasShape(o, { kind: oneOf(OUTCOME_KINDS), word: isString, description: isString, icon: isString }),
    eventType: optional(isString),
    sentAt: optional(isString),
    sentAgo: optional(isString),
    latency: optional(isString),
    endpointUrl: optional(isString),
    runStatus: optional((r): r is object => hasShape(r, { text: isString, runId: optional(isString), applicationId: optional(isString), status: optional(isString) })),
    request: optional(isRequestView),
    response: optional(isResponseView),
    error: optional(isString),
  });

export const isSignatureView: Guard<SignatureView> = (v): v is SignatureView =>
  isRecord(v) &&
  ((v.state === 'verified' && isSignatureVerdict(v.verdict) && isString(v.checkedAt)) || (v.state === 'unavailable' && isString(v.reason)));

const isLocalAttemptView: Guard<LocalAttemptView> = (v): v is LocalAttemptView =>
  hasShape(v, {
    attemptId: isString,
    target: isString,
    unit: oneOf(TIMESTAMP_UNITS),
    edited: isBoolean,
    notes: arrayOf(isString),
    summary: isString,
    conversation: isConversationView,
    signature: isSignatureView,
  });

export function isHostToInspectorMessage(v: unknown): v is HostToInspectorMessage {
  if (!isRecord(v)) return false;
  switch (v.type) {
    case 'show':
      return isConversationView(v.conversation) && isSignatureView(v.signature);
    case 'loading':
      return isString(v.text);
    case 'loadError':
      return isString(v.message);
    case 'actionResult':
      return isRequestId(v.requestId) && isBoolean(v.ok) && optional(isString)(v.message);
    case 'localAttempts':
      return isString(v.conversationId) && arrayOf(isLocalAttemptView)(v.attempts);
    default:
      return false;
  }
}
