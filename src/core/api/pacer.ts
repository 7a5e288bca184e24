/**
 * Spaces out background requests so they stay under a rate (e.g. health checks of 1,000 webhooks under
 * Nextmv's 2,000 requests/minute, with room left for what the user does). Pure: time is passed in.
 */
export class Pacer {
  private nextFreeAt = 0;
  constructor(private readonly perSecond: number) {}

  /** Reserves the next slot and returns how long to wait before using it (0 when free now). */
  reserve(now: number): number {
    const interval = 1000 / this.perSecond;
    const at = Math.max(now, this.nextFreeAt);
    this.nextFreeAt = at + interval;
    return at - now;
  }
}
