// GET /admin-coverage, the core: which subaccounts have the breaker's triggers in place and
// current, one page at a time. The rules and overrides are setup's, read the way setup reads them.
import type { AdminHandler } from '../admin/admin-endpoint';
import { badRequest } from '../admin/admin-request-error';
import { ConfigError } from '../config/load-config';
import { jsonResponse } from '../runtime/response-value';
import { syncOverrideStore } from '../setup/overrides';
import { loadSetupConfig } from '../setup/setup-env';
import { readCoveragePage, type CoverageDeps } from './coverage-page';

export const MAX_COVERAGE_PAGE_SIZE = 100;
export const DEFAULT_COVERAGE_PAGE_SIZE = 50;

function text(params: Record<string, unknown>, name: string): string | null {
  const value = params[name];
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') throw badRequest(`${name}: give it once, as plain text`);
  return value;
}

function pageSizeOf(params: Record<string, unknown>): number {
  const raw = text(params, 'pageSize');
  if (raw === null) return DEFAULT_COVERAGE_PAGE_SIZE;
  const size = Number(raw);
  if (!/^\d+$/.test(raw) || size < 1 || size > MAX_COVERAGE_PAGE_SIZE) {
    throw badRequest(`pageSize must be a whole number from 1 to ${MAX_COVERAGE_PAGE_SIZE}`);
  }
  return size;
}

export function coverageEndpoint(
  options: Pick<CoverageDeps, 'concurrency' | 'budgetMs'> = {},
): AdminHandler {
  return async (request, services) => {
    const pageSize = pageSizeOf(request.params);
    const cursor = text(request.params, 'cursor');
    // Setup's rules, and its SETUP_CONCURRENCY as the ceiling of requests in flight.
    const { rules, concurrency } = loadSetupConfig(services.env);
    const domainName = services.env.DOMAIN_NAME;
    if (typeof domainName !== 'string' || !domainName) {
      throw new ConfigError([{ variable: 'DOMAIN_NAME', problem: 'is not set (Twilio sets it)' }]);
    }
    const gateway = services.gateway();
    const page = await readCoveragePage(
      {
        concurrency,
        ...options,
        gateway,
        overrides: syncOverrideStore(gateway),
        rules,
        domainName,
        clock: services.clock,
      },
      cursor,
      pageSize,
    );
    return jsonResponse(200, page);
  };
}
