import type * as vscode from 'vscode';
import { lazyBundle } from '../common/lazyBundle';
import type { Services } from '../services';
import type { Panels } from './types';

type PanelsModule = typeof import('./index');

const loadPanelsModule = lazyBundle<PanelsModule>('panels.js');

/**
 * dist/panels.js, built the first time a panel, a serializer (extension.js registers them) or a body
 * document is needed.
 */
export class LazyPanels implements vscode.Disposable {
  private loaded: Panels | undefined;

  constructor(private readonly s: Services) {}

  get(): Panels {
    this.loaded ??= loadPanelsModule().createPanels(this.s);
    return this.loaded;
  }

  dispose(): void {
    this.loaded?.dispose();
  }
}
