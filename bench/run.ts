// npm run bench [-- name…] [-- --json file]: runs the benchmarks whose names contain one of the
// given words (all when none), one after the other, and prints their figures. Each benchmark
// stops by itself; all traffic stays on 127.0.0.1.
import { writeFileSync } from 'node:fs';
import { auditScale } from './audit-scale';
import { breakerBurst } from './breaker-burst';
import { breakerCpu } from './breaker-cpu';
import { breakerLatency } from './breaker-latency';
import { breakerRateLimited } from './breaker-rate-limited';
import { breakerSyncFaults } from './breaker-sync-faults';
import { setupOverCap } from './setup-over-cap';
import { dayInTheLife } from './day-in-the-life';
import { setupScale } from './setup-scale';
import { spendToSuspension } from './spend-to-suspension';
import { describeMachine } from './support/machine';
import { captureConsole } from './support/quiet-console';
import { formatRows, type Benchmark, type BenchResult } from './support/report';

const BENCHMARKS: Benchmark[] = [
  breakerLatency,
  spendToSuspension,
  breakerCpu,
  breakerBurst,
  breakerSyncFaults,
  breakerRateLimited,
  setupScale,
  setupOverCap,
  auditScale,
  dayInTheLife,
];

const out = (line = '') => process.stdout.write(`${line}\n`);

function parseArgs(argv: string[]) {
  const words: string[] = [];
  let json: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--json') json = argv[++i] ?? null;
    else if (argv[i] === '--help' || argv[i] === '-h') words.push('--help');
    else words.push(argv[i]);
  }
  return { words, json };
}

async function main(): Promise<number> {
  const { words, json } = parseArgs(process.argv.slice(2));
  if (words.includes('--help')) {
    out('usage: npm run bench [-- <name>…] [--json <file>]');
    for (const b of BENCHMARKS) out(`  ${b.name.padEnd(16)} ${b.description}`);
    return 0;
  }
  const selected = words.length
    ? BENCHMARKS.filter((b) => words.some((w) => b.name.includes(w)))
    : BENCHMARKS;
  if (selected.length === 0) {
    out(
      `no benchmark matches ${words.join(', ')}; have: ${BENCHMARKS.map((b) => b.name).join(', ')}`,
    );
    return 1;
  }
  const machine = describeMachine();
  out(
    `machine: ${machine.cores} cores, ${machine.cpuModel}, ${machine.memoryGiB} GiB, node ${machine.node}, ${machine.platform}`,
  );
  out(`load average at start: ${machine.loadAverage.join(' ')}`);
  const results: Record<string, BenchResult & { seconds: number }> = {};
  let failed = 0;
  for (const bench of selected) {
    out();
    out(`== ${bench.name}: ${bench.description}`);
    const started = Date.now();
    const console_ = captureConsole();
    try {
      const result = await bench.run((line) => out(`  … ${line}`));
      console_.restore();
      const seconds = (Date.now() - started) / 1000;
      out(formatRows(result.rows));
      for (const note of result.notes) out(`  * ${note}`);
      out(`  (${seconds.toFixed(1)} s)`);
      results[bench.name] = { ...result, seconds };
    } catch (error) {
      console_.restore();
      failed += 1;
      out(`  FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
    if (console_.problems.length) {
      out(
        `  warnings/errors printed during the run: ${console_.problems.length}; first: ${console_.problems[0].slice(0, 300)}`,
      );
    }
  }
  if (json) writeFileSync(json, JSON.stringify({ machine, results }, null, 2));
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
