// A trigger's tier, the one word setup writes into the callback URL and the breaker reads back:
// warn only alerts, trip suspends. Shared by setup, the breaker and the audit event, so it lives
// below all three.

export type Tier = 'warn' | 'trip';

export const TIERS: readonly Tier[] = ['warn', 'trip'];
