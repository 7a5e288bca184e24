/** One line of the `npm run bench` table: a figure and, where it has one, the baseline measured in the same run. */
export interface BenchRow {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** the baseline measured side by side in the same run, in the same unit */
  readonly baseline?: number;
  readonly baselineName?: string;
  /** value / baseline for throughputs (higher is better), baseline / value for times; says which in `ratioMeaning` */
  readonly ratio?: number;
  readonly ratioMeaning?: string;
  readonly goal?: string;
  readonly notes?: string;
}

export interface BenchOptions {
  /** true in `npm test`: tiny sizes, only proves the benchmark runs */
  readonly small: boolean;
}

export type Bench = (opts: BenchOptions) => Promise<BenchRow[]>;
