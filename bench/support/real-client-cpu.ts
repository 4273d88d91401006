// breaker-cpu's second figure: the CPU of a trip with the real twilio-node client against a
// zero-latency emulator, measured in a child process under `node --cpu-prof` (cpu-trips.ts) so that
// the profile says whose code the CPU went to. Two ways to reach the emulator: over loopback HTTP
// (the emulator in this process, so the child's CPU is all the breaker's side: twilio-node, axios,
// sockets, our code), and through its in-memory client (no sockets; the emulator's own share of the
// child's profile is taken out).
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startEmulator } from '../../emulator';
import type { CpuPlan } from './cpu-trips';
import { profileShares, type Share } from './cpu-profile-shares';

const run = promisify(execFile);

export interface RealClientCpu {
  mode: 'loopback' | 'in-memory';
  trips: number;
  /** process.cpuUsage per trip (the whole child process; in memory, the emulator included). */
  cpuUs: number;
  wallUs: number;
  /** Sampled self time per share, µs per trip (idle excluded). */
  shares: Partial<Record<Share, number>>;
}

async function profiled(args: string[], dir: string): Promise<Omit<RealClientCpu, 'mode'>> {
  const script = path.join(__dirname, 'cpu-trips.ts');
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', '--cpu-prof', `--cpu-prof-dir=${dir}`, script, ...args],
    { maxBuffer: 1 << 20 },
  );
  const line = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
    trips: number;
    cpuUs: number;
    wallUs: number;
  };
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error('node --cpu-prof wrote no profile');
  const total = profileShares(path.join(dir, file));
  // The profile covers the whole run (start-up and warm-up too): scale to per trip by the share of
  // each, applied to the measured CPU per trip.
  const sum = [...total.values()].reduce((a, b) => a + b, 0);
  const shares: RealClientCpu['shares'] = {};
  for (const [share, us] of total) shares[share] = (us / sum) * line.cpuUs;
  return { ...line, shares };
}

export async function realClientCpu(count: number, warmup: number): Promise<RealClientCpu[]> {
  const results: RealClientCpu[] = [];
  const emulator = await startEmulator({ maxSubaccounts: count + 10 });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'breaker-cpu-'));
  try {
    const plan: CpuPlan = {
      url: emulator.url,
      main: { sid: emulator.mainAccount.sid, token: emulator.mainAccount.authToken },
      accounts: Array.from({ length: count }, (_, i) => {
        const a = emulator.accounts.createSubaccount(`Cpu ${i}`);
        emulator.addCall({ accountSid: a.sid, status: 'in-progress' });
        return { sid: a.sid, token: a.auth_token };
      }),
      warmup,
    };
    const planFile = path.join(dir, 'plan.json');
    writeFileSync(planFile, JSON.stringify(plan));
    const loopDir = path.join(dir, 'loopback');
    results.push({ mode: 'loopback', ...(await profiled(['loopback', planFile], loopDir)) });
  } finally {
    await emulator.close();
  }
  try {
    const memDir = path.join(dir, 'in-memory');
    results.push({ mode: 'in-memory', ...(await profiled(['in-memory', String(count)], memDir)) });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}
