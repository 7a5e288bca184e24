import type { Services } from '../services';
import { isPageNode, type TreeNode } from '../tree/nodes';

/** Refresh (view title, palette): everything, the Nextmv CLI's file included, read again. */
export function refreshAll(s: Services): void {
  s.keys.forgetCliProfiles();
  s.model.invalidate();
}

/** Refresh one webhook's row and deliveries: from its context menu, an error row's inline Retry, or an id. */
export function refreshNode(s: Services, node: unknown): void {
  if (typeof node === 'string') s.model.invalidate(node);
  else if (node && typeof node === 'object' && 'kind' in node) s.tree.refresh(node as TreeNode);
  else s.model.invalidate();
}

/**
 * Older/Newer deliveries: the page replaces the one on screen (the row keeps its place and the keyboard
 * focus, so Enter again turns the next page). A click on a row already replaced does nothing.
 */
export function turnPage(s: Services, node: unknown, direction: 'older' | 'newer'): boolean {
  if (!isPageNode(node)) return false;
  return direction === 'older' ? s.model.older(node.webhookId, node.from) : s.model.newer(node.webhookId, node.from);
}
