import type { Services } from '../services';
import type { TreeNode } from '../tree/nodes';

/** Refresh (view title, palette): everything, the Nextmv CLI's file included, read again. */
export function refreshAll(s: Services): void {
  s.keys.forgetCliProfiles();
  s.model.invalidate();
}

/** Refresh one webhook's row and deliveries: from its context menu, an error row's inline Refresh (a retry), or an id. */
export function refreshNode(s: Services, node: unknown): void {
  if (typeof node === 'string') s.model.invalidate(node);
  else if (node && typeof node === 'object' && 'kind' in node) s.tree.refresh(node as TreeNode);
  else s.model.invalidate();
}
