import { lazyBundle } from '../common/lazyBundle';

/** The HTTP stack (undici and the client) as bundled into dist/api.js. */
export type ApiModule = typeof import('../core/api');

/**
 * Loads dist/api.js on first use. Activation only draws the view and registers commands; the ~500 KB
 * HTTP stack is read when the first request is about to be made.
 */
export const loadApi: () => ApiModule = lazyBundle<ApiModule>('api.js');
