import * as l10n from '@vscode/l10n';
/**
 * Verifies a logged delivery's Nextmv-Signature with its webhook's secret. A logged delivery is always
 * "too old" by now, so freshness is judged at the moment the request was sent: that answers the useful
 * question (was t in the window when the endpoint received it?) and keeps the signature check itself
 * meaningful. Without a send time, the timestamp is not checked, and the view says so.
 */
import type { Conversation } from '../api/types';
import { verifySignature } from '../validator/signature';
import { sentAtOf } from './format';
import { SIGNATURE_HEADER, headerValue } from '../../shared/headers';
import { parseInstant } from '../../shared/relativeTime';
import { signatureUnavailable, signatureViewOf } from './viewModel';
import type { SignatureView } from '../../shared/inspectorProtocol';

export function verifyConversation(c: Conversation, secret: string | undefined): SignatureView {
  if (!c.request) return signatureUnavailable(l10n.t('This delivery has no request to verify.'));
  if (secret === undefined || secret === '') {
    return signatureUnavailable(l10n.t('The webhook\'s signing secret is not available, so the signature was not checked.'));
  }
  const sentText = sentAtOf(c);
  const sentMs = parseInstant(sentText);
  const result = verifySignature({
    header: headerValue(c.request.headers, SIGNATURE_HEADER),
    body: c.request.body,
    secret,
    ...(sentMs === undefined ? { ignoreTimestamp: true } : { now: sentMs }),
  });
  const checkedAt =
    sentMs === undefined
      ? l10n.t('Timestamp not checked: the delivery has no send time.')
      : l10n.t('Timestamp checked against the time the request was sent ({0}).', sentText ?? '');
  return signatureViewOf(result, checkedAt);
}
