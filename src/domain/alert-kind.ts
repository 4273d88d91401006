// Which alert a delivery raises: the breaker's decision picks it, the notifier words it.

export type AlertKind = 'trip' | 'warn' | 'failed';
