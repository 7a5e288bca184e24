/**
 * A module built as its own file in dist/ (see esbuild.js), required the first time it is needed rather
 * than at activation: VS Code times activation from the moment it reads extension.js.
 */
export function lazyBundle<T>(file: string): () => T {
  let loaded: T | undefined;
  return () => {
    // A computed path keeps esbuild from inlining the module into extension.js (and `path` out of it).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded ??= require(`${__dirname}/${file}`) as T;
    return loaded;
  };
}
