// Who may call which admin endpoint. A person (password, or a session) holds every scope; an API
// token from the environment holds exactly one. The table below is the one place an endpoint's
// scope is written down: the functions/ shells and the tests both read it.

/** admin: everything a person may do. setup: run or plan setup. read: read events and coverage. */
export type AdminScope = 'admin' | 'setup' | 'read';

export const PERSON_SCOPES: readonly AdminScope[] = ['admin', 'setup', 'read'];

/** The scope each admin endpoint needs. Reactivating and overrides need a person. */
export const ADMIN_ACCESS = {
  events: 'read',
  coverage: 'read',
  setup: 'setup',
  reactivate: 'admin',
  overrides: 'admin',
} as const satisfies Record<string, AdminScope>;

/** An endpoint guarded by a scope, or the sign-in endpoint itself (which checks credentials). */
export type AdminAccess = AdminScope | 'sign-in';

export interface AdminPrincipal {
  kind: 'password' | 'session' | 'token' | 'anonymous';
  /** The admin username, or `token:<scope>` for an API token; '' for the sign-in endpoint. */
  name: string;
  scopes: readonly AdminScope[];
}

export const ANONYMOUS: AdminPrincipal = { kind: 'anonymous', name: '', scopes: [] };

const WHAT: Record<AdminScope, string> = {
  admin: 'reactivate accounts and change overrides (people only: sign in)',
  setup: 'run or plan setup',
  read: 'read events and coverage',
};

export function describeScope(scope: AdminScope): string {
  return WHAT[scope];
}
