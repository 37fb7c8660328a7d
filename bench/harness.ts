/** One benchmark figure, printed beside its target and, where there is one, a baseline measured in the same run. */
export interface BenchFigure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** The target, and whether a bigger value is better. */
  readonly target?: { readonly value: number; readonly higherIsBetter: boolean };
  readonly baseline?: { readonly name: string; readonly value: number };
}

/** A benchmark file's default export. */
export type Benchmark = () => Promise<readonly BenchFigure[]>;

function format(value: number): string {
  return value >= 100 ? Math.round(value).toLocaleString('en-GB') : value.toPrecision(3);
}

export function describeFigure(figure: BenchFigure): string {
  const parts = [`${figure.name}: ${format(figure.value)} ${figure.unit}`];
  if (figure.target !== undefined) {
    const met = figure.target.higherIsBetter ? figure.value >= figure.target.value : figure.value <= figure.target.value;
    parts.push(`target ${figure.target.higherIsBetter ? '≥' : '≤'} ${format(figure.target.value)} ${figure.unit} (${met ? 'met' : 'NOT MET'})`);
  }
  if (figure.baseline !== undefined) {
    parts.push(`baseline ${figure.baseline.name}: ${format(figure.baseline.value)} ${figure.unit}, ratio ${(figure.value / figure.baseline.value).toFixed(2)}×`);
  }
  return parts.join(' | ');
}

export function elapsedSeconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}
