// Reads a V8 CPU profile (node --cpu-prof) and splits its sampled time by whose code ran: the
// project's own (src/), twilio-node, axios (twilio-node's HTTP client), other dependencies, Node's
// own JavaScript and native work (http, net, tls, timers) and garbage collection, and the emulator
// (Twilio's side, present only when it ran in the same process). Self time, so each sample counts
// once, for the function that was on top of the stack; idle time is left out.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export type Share =
  | 'project'
  | 'twilio-node'
  | 'axios'
  | 'other deps'
  | 'node (http, sockets, timers…)'
  | 'gc'
  | 'emulator'
  | 'benchmark driver';

function whose(frame: ProfileNode['callFrame']): Share | 'idle' {
  const { url, functionName } = frame;
  if (functionName === '(idle)') return 'idle';
  if (functionName === '(garbage collector)') return 'gc';
  if (url.includes('/node_modules/twilio/')) return 'twilio-node';
  if (url.includes('/node_modules/axios/')) return 'axios';
  if (url.includes('/node_modules/')) return 'other deps';
  if (url.includes('/emulator/')) return 'emulator';
  if (url.includes('/src/')) return 'project';
  if (url.includes('/bench/') || url.includes('/test/')) return 'benchmark driver';
  // node:internal…, (program), (root), native frames, and the benchmark's own driver loop.
  return 'node (http, sockets, timers…)';
}

/** Microseconds of sampled CPU per share, idle excluded. */
export function profileShares(file: string): Map<Share, number> {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, whose(n.callFrame)]));
  const shares = new Map<Share, number>();
  profile.samples.forEach((id, i) => {
    const share = byId.get(id);
    if (!share || share === 'idle') return;
    shares.set(share, (shares.get(share) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  return shares;
}
