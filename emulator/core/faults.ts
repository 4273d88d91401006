import type { HttpMethod, TwilioHost } from '../types';

/** An HTTP status to answer with, 'timeout' (hold the request, then drop it) or 'reset' (destroy the socket). */
export type FaultKind = number | 'timeout' | 'reset';

export interface FaultSpec {
  /** Any method when absent. */
  method?: HttpMethod;
  /** Any host when absent. */
  host?: TwilioHost;
  /** A route pattern (`/2010-04-01/Accounts/:Sid.json`), a concrete path, or '*' for every route. */
  route: string;
  kind: FaultKind;
  /** How many matching requests fail; 1 when absent, Infinity until cleared. */
  times?: number;
  /** For 'timeout': how long the request is held before the socket is dropped (default 10 s). */
  holdMs?: number;
  /**
   * Chance (0 < p ≤ 1, default 1) that a matching request fails: 0.1 fails a random 10 %. A request
   * the draw spares does not count against `times` and is matched against the faults added later.
   */
  probability?: number;
}

export interface Fault extends Required<Omit<FaultSpec, 'method' | 'host'>> {
  id: string;
  method?: HttpMethod;
  host?: TwilioHost;
  /** Requests this fault has hit so far. */
  hits: number;
}

export interface FaultTarget {
  method: HttpMethod;
  host: TwilioHost;
  pattern: string;
  path: string;
}

export function validateFault(spec: FaultSpec): string | undefined {
  const { kind } = spec;
  if (typeof spec.route !== 'string' || !spec.route) return 'route is required';
  if (typeof kind === 'number' && (!Number.isInteger(kind) || kind < 400 || kind > 599)) {
    return 'an HTTP fault kind must be a 4xx or 5xx status';
  }
  if (typeof kind !== 'number' && kind !== 'timeout' && kind !== 'reset') {
    return "kind must be an HTTP status, 'timeout' or 'reset'";
  }
  if (spec.times !== undefined && !(spec.times >= 1)) return 'times must be at least 1';
  const { probability } = spec;
  if (
    probability !== undefined &&
    !(typeof probability === 'number' && probability > 0 && probability <= 1)
  ) {
    return 'probability must be a number above 0 and at most 1';
  }
  return undefined;
}

/** `random` (0 ≤ x < 1) draws for faults with a probability; injectable so tests are exact. */
export function createFaults(random: () => number = Math.random) {
  let faults: Fault[] = [];
  let nextId = 1;
  return {
    add(spec: FaultSpec): Fault {
      const problem = validateFault(spec);
      if (problem) throw new RangeError(`Invalid fault: ${problem}`);
      const fault: Fault = {
        id: `fault-${nextId++}`,
        method: spec.method,
        host: spec.host,
        route: spec.route,
        kind: spec.kind,
        times: spec.times ?? 1,
        holdMs: spec.holdMs ?? 10_000,
        probability: spec.probability ?? 1,
        hits: 0,
      };
      faults.push(fault);
      return fault;
    },
    clear(): void {
      faults = [];
    },
    list(): Fault[] {
      return faults.map((f) => ({ ...f }));
    },
    /** The first armed fault matching the request, counted as used; faults are applied in order added. */
    take(t: FaultTarget): Fault | undefined {
      const fault = faults.find(
        (f) =>
          f.hits < f.times &&
          (!f.method || f.method === t.method) &&
          (!f.host || f.host === t.host) &&
          (f.route === '*' || f.route === t.pattern || f.route === t.path) &&
          (f.probability >= 1 || random() < f.probability),
      );
      if (fault) fault.hits += 1;
      return fault && { ...fault };
    },
  };
}

export type Faults = ReturnType<typeof createFaults>;
