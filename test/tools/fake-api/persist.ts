/** `--state file.json`: load the fake's data at start, write it back (debounced, atomically) after changes. */
import * as fs from 'node:fs';
import type { FakeState, PersistedState } from './state';

export function loadStateFile(path: string): PersistedState | undefined {
  if (!fs.existsSync(path)) return undefined;
  return JSON.parse(fs.readFileSync(path, 'utf8')) as PersistedState;
}

export class StateSaver {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly state: FakeState,
    private readonly path: string,
    private readonly delayMs = 200,
  ) {}

  /** Schedules a write; many changes in a burst make one write. */
  schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.writeNow();
    }, this.delayMs);
    this.timer.unref();
  }

  /** Writes now if a write is pending (on shutdown). */
  flush(): void {
    if (!this.timer) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.writeNow();
  }

  writeNow(): void {
    const tmp = `${this.path}.tmp-${process.pid}`;
    fs.writeFileSync(tmp, JSON.stringify(this.state.toJSON()));
    fs.renameSync(tmp, this.path);
  }
}
