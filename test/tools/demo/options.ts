/** Command-line options of `npm run demo`. */

export const USAGE = `usage: npm run demo -- [options]
  (no option)           build + package the VSIX, start the fake Nextmv API (demo data), two local webhook
                        receivers and code-server with the extension installed; prints the URL to open.
                        Ctrl-C stops everything.
  --desktop             use a desktop VS Code (\`code\` on PATH) with a throw-away profile instead of code-server
  --check               start everything, verify it over HTTP, stop, exit 0 (all good) or 1
  --port N              port of the fake Nextmv API (default 8787, or the next free one)
  --code-server-port N  port of code-server (default: a free one)
  --variant 100|139     VS Code of code-server: 1.100.3 (default, the minimum engine) or 1.139.1
  --skip-package        reuse nextmv-webhooks.vsix as it is (faster; it must exist)
  --help`;

export interface DemoOptions {
  readonly desktop: boolean;
  readonly check: boolean;
  /** undefined: 8787 or the next free port */
  readonly apiPort?: number;
  readonly codeServerPort?: number;
  readonly variant: '100' | '139';
  readonly skipPackage: boolean;
  readonly help: boolean;
}

export class UsageError extends Error {}

export function parseDemoArgs(argv: readonly string[]): DemoOptions {
  const o: { -readonly [K in keyof DemoOptions]: DemoOptions[K] } = { desktop: false, check: false, variant: '100', skipPackage: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`${name} needs a value\n${USAGE}`);
      return v;
    };
    switch (name) {
      case '--desktop':
        o.desktop = true;
        break;
      case '--check':
        o.check = true;
        break;
      case '--skip-package':
        o.skipPackage = true;
        break;
      case '--help':
      case '-h':
        o.help = true;
        break;
      case '--port':
        o.apiPort = port(name, value());
        break;
      case '--code-server-port':
        o.codeServerPort = port(name, value());
        break;
      case '--variant': {
        const v = value();
        if (v !== '100' && v !== '139') throw new UsageError(`--variant must be 100 or 139\n${USAGE}`);
        o.variant = v;
        break;
      }
      default:
        throw new UsageError(`unknown option ${argv[i]}\n${USAGE}`);
    }
  }
  if (o.desktop && o.check) throw new UsageError('--check verifies the code-server demo; it cannot be combined with --desktop');
  return o;
}

function port(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new UsageError(`${name} must be a port number (1-65535)`);
  return n;
}
