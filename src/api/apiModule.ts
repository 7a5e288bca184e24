import * as path from 'path';

/** The HTTP stack (undici and the client) as bundled into dist/api.js. */
export type ApiModule = typeof import('../core/api');

let loaded: ApiModule | undefined;

/**
 * Loads dist/api.js on first use. Activation only draws the view and registers commands; the ~500 KB
 * HTTP stack is read when the first request is about to be made (design.md: activation ≤ 10 ms).
 */
export function loadApi(): ApiModule {
  // A computed path keeps esbuild from inlining the module into extension.js.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require(path.join(__dirname, 'api.js')) as ApiModule;
  return loaded;
}
