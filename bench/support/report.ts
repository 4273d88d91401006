// What a benchmark hands back to the runner (bench/run.ts), which prints it and can save it as JSON.

export interface BenchRow {
  metric: string;
  value: number | string;
  unit?: string;
  /** What the figure is compared with, e.g. "expected 0" or "bound 60.0 s". */
  note?: string;
}

export interface BenchResult {
  rows: BenchRow[];
  /** How the figures were obtained, in a sentence or two each. */
  notes: string[];
}

export interface Benchmark {
  name: string;
  description: string;
  /** `progress` prints a line while the benchmark runs (long ones say where they are). */
  run(progress: (line: string) => void): Promise<BenchResult>;
}

const formatValue = (value: number | string): string =>
  typeof value === 'string'
    ? value
    : Number.isInteger(value)
      ? String(value)
      : value.toFixed(Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2);

/** Rows as aligned text columns. */
export function formatRows(rows: readonly BenchRow[]): string {
  const cells = rows.map((r) => [
    r.metric,
    `${formatValue(r.value)}${r.unit ? ` ${r.unit}` : ''}`,
    r.note ?? '',
  ]);
  const width = (i: number) => Math.max(...cells.map((c) => c[i].length));
  const [w0, w1] = [width(0), width(1)];
  return cells
    .map(([m, v, n]) => `  ${m.padEnd(w0)}  ${v.padStart(w1)}${n ? `  (${n})` : ''}`)
    .join('\n');
}
