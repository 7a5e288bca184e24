/**
 * The words both webviews show for the shared vocabularies (src/shared/vocabulary.ts), translated when the
 * page loads (src/webview-ui/language.ts runs first).
 */
import * as l10n from '@vscode/l10n';
import type { DeliverySource, SignatureReason } from '../shared/vocabulary';

/** The verdict's reason in words, after "Valid: " or "Invalid: " (inspector and validator alike). */
export const REASON_TEXT: Readonly<Record<SignatureReason, string>> = {
  ok: l10n.t('the signature matches'),
  'missing-header': l10n.t('there is no Nextmv-Signature header'),
  'malformed-header': l10n.t('the Nextmv-Signature header is malformed'),
  'no-signature': l10n.t('the header has no v1 signature'),
  'signature-mismatch': l10n.t('the signature does not match'),
  'timestamp-too-old': l10n.t('the signature matches, but its timestamp is older than the maximum age'),
  'timestamp-in-future': l10n.t('the signature matches, but its timestamp is further ahead than the maximum skew'),
};

/** What a pasted delivery was read as, in words. */
export const SOURCE_TEXT: Readonly<Record<DeliverySource, string>> = {
  'raw-http': l10n.t('a raw HTTP request'),
  'conversation-json': l10n.t('a conversation JSON'),
  curl: l10n.t('a curl command'),
  'separate-fields': l10n.t('the Signature header and Body fields'),
  'body-only': l10n.t('a body without headers'),
};
