/** Small statistics for benchmark samples. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** "3, 4, 3 ms" — every sample, for the notes beside a median. */
export function listSamples(values: readonly number[], unit: string, digits = 0): string {
  return `${values.map((v) => v.toFixed(digits)).join(', ')} ${unit}`;
}

export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
