import type { ChainVerdict } from '../../src/domain/audit/chain.ts';
import type { CheckResult } from './audit-counts.ts';

/** One kind of work's part of the fault script's figures. */
export interface KindReport {
  readonly label: string;
  readonly kills: number;
  readonly seconds: number;
  readonly figures: string;
  readonly checks: readonly CheckResult[];
}

const passing = (checks: readonly CheckResult[]): number => checks.filter((check) => check.problems.length === 0).length;

/** The figures, one line a kind, then every problem found, each naming its kind and check; and whether all passed. */
export function faultReport(reports: readonly KindReport[], verdict: ChainVerdict, seconds: { total: number; setup: number }): { text: string; passed: boolean } {
  const checks = reports.flatMap((report) => report.checks);
  const passed = passing(checks) + (verdict.ok ? 1 : 0);
  const kills = reports.reduce((sum, report) => sum + report.kills, 0);
  const lines = [
    ...reports.map(
      (report) =>
        `${report.label.padEnd(17)} kills ${String(report.kills).padStart(3)}  checks ${String(passing(report.checks))}/${String(report.checks.length)}  ${report.seconds.toFixed(0).padStart(4)} s  ${report.figures}`,
    ),
    `audit chain verifies: ${verdict.ok ? `yes (${String(verdict.count)} events)` : 'NO'}`,
    `kills (SIGKILL) in all: ${String(kills)} (target ≥ 50); checks passed: ${String(passed)}/${String(checks.length + 1)}`,
    `time: ${seconds.total.toFixed(1)} s (setup ${seconds.setup.toFixed(1)} s)`,
    ...reports.flatMap((report) => report.checks.flatMap((check) => check.problems.map((problem) => `FAILED (${report.label}) ${check.name}: ${problem}`))),
    ...(verdict.ok ? [] : [`FAILED the audit chain does not verify: ${JSON.stringify(verdict.fault)}`]),
  ];
  return { text: `${lines.join('\n')}\n`, passed: passed === checks.length + 1 };
}
