/**
 * What both webview scripts build their pages with. Text only: every piece of data becomes a text node,
 * never markup, so whatever an endpoint or a paste holds stays text.
 */

export type Props = Partial<Record<string, string>>;

/** An element with attributes and children; strings become text nodes. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) if (value !== undefined) node.setAttribute(name, value);
  for (const child of children) node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  return node;
}

/** A codicon; the name is reduced to [a-z-] since it ends up in a class attribute. */
export function icon(name: string): HTMLElement {
  return el('span', { class: `codicon codicon-${name.replace(/[^a-z-]/g, '')}`, 'aria-hidden': 'true' });
}

/** The webview's handle on VS Code, typed by what the page posts and what it saves. */
export interface VsCodeApi<Out, State> {
  postMessage(message: Out): void;
  getState(): unknown;
  setState(state: State): void;
}

declare function acquireVsCodeApi(): VsCodeApi<unknown, unknown>;

/** VS Code allows one call per page: each script calls this once, at load. */
export function vscodeApi<Out, State>(): VsCodeApi<Out, State> {
  return acquireVsCodeApi() as VsCodeApi<Out, State>;
}
