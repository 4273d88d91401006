// Where a setup run stands between invocations. The caller holds it (an opaque base64url string), so
// the Function keeps no state: a crashed or timed-out invocation is simply called again with the
// last cursor it returned. It names the page (by the gateway's page cursor) and how many accounts
// at its start are done; anything after that is redone, which is safe because reconciling an
// account that is already right makes no writes.
import { z } from 'zod';

export const MAX_CURSOR_FAILURES = 10;

const counts = {
  /** Accounts looked at, closed ones included. */
  seen: z.number().int().min(0),
  /** Accounts whose triggers were compared (and, in apply mode, fixed). */
  reconciled: z.number().int().min(0),
  /** Reconciled accounts that needed no change. */
  unchanged: z.number().int().min(0),
  skippedClosed: z.number().int().min(0),
  failed: z.number().int().min(0),
  /** Trigger actions: done in apply mode, would-be in plan mode. */
  create: z.number().int().min(0),
  replace: z.number().int().min(0),
  update: z.number().int().min(0),
  delete: z.number().int().min(0),
  /** Trigger writes made on Twilio (0 in plan mode). */
  writes: z.number().int().min(0),
  /** Twilio REST calls, refused ones included. */
  calls: z.number().int().min(0),
  rateLimited: z.number().int().min(0),
};

export const totalsSchema = z.object(counts);
export type SetupTotals = z.infer<typeof totalsSchema>;

export const failureSchema = z.object({
  accountSid: z.string().max(40),
  error: z.string().max(200),
});
export type SetupFailure = z.infer<typeof failureSchema>;

export const cursorSchema = z.object({
  v: z.literal(1),
  runId: z.string().max(64),
  mode: z.enum(['plan', 'apply']),
  startedAt: z.string().max(40),
  invocations: z.number().int().min(0),
  /** 'main' = the main account is still to do; then the subaccount pages. */
  phase: z.enum(['main', 'subaccounts']),
  /** The gateway cursor that fetches the current page; null = the first page. */
  page: z.string().max(2000).nullable(),
  /** Accounts at the start of that page already done. */
  pos: z.number().int().min(0).max(1000),
  /** The SID at pos - 1: if the page shifted since, it is redone from its start. */
  lastSid: z.string().max(40).nullable(),
  totals: totalsSchema,
  /** The first failures of the run; totals.failed counts them all. */
  failures: z.array(failureSchema).max(MAX_CURSOR_FAILURES),
  /**
   * Requests in flight the last invocation ended with (its adaptive limit): the next one starts
   * there instead of at SETUP_CONCURRENCY, so the account's cap is found once per run, not once
   * per invocation. Never above the ceiling the next invocation is given.
   */
  limit: z.number().min(1).max(1000).optional(),
});

export type SetupCursor = z.infer<typeof cursorSchema>;

export function emptyTotals(): SetupTotals {
  return {
    seen: 0,
    reconciled: 0,
    unchanged: 0,
    skippedClosed: 0,
    failed: 0,
    create: 0,
    replace: 0,
    update: 0,
    delete: 0,
    writes: 0,
    calls: 0,
    rateLimited: 0,
  };
}

export function addTotals(a: SetupTotals, b: Partial<SetupTotals>): SetupTotals {
  const sum = { ...a };
  for (const key of Object.keys(sum) as Array<keyof SetupTotals>) sum[key] += b[key] ?? 0;
  return sum;
}

export class CursorError extends Error {
  readonly status = 400;
  constructor(detail: string) {
    super(
      `cursor ${detail}: pass back exactly the cursor setup returned, or omit it to start a new run`,
    );
    this.name = 'CursorError';
  }
}

export function encodeCursor(cursor: SetupCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

export function decodeCursor(raw: string): SetupCursor {
  if (raw.length > 8000) throw new CursorError('is too long');
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw new CursorError('is not one setup made');
  }
  const parsed = cursorSchema.safeParse(json);
  if (!parsed.success) throw new CursorError('is not one setup made');
  return parsed.data;
}

/** Where a new run starts: the main account first when it is included, then the first page. */
export function startCursor(
  mode: 'plan' | 'apply',
  runId: string,
  now: number,
  withMain: boolean,
): SetupCursor {
  return {
    v: 1,
    runId,
    mode,
    startedAt: new Date(now).toISOString(),
    invocations: 0,
    phase: withMain ? 'main' : 'subaccounts',
    page: null,
    pos: 0,
    lastSid: null,
    totals: emptyTotals(),
    failures: [],
  };
}
