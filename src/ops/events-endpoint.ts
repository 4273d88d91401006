// GET /admin-events, the core: validate the filters, read one bounded page of the audit list,
// answer JSON or CSV. Runs inside runAdminEndpoint, which has already checked the credentials.
import type { AdminHandler } from '../admin/admin-endpoint';
import { jsonResponse } from '../runtime/response-value';
import { eventsCsv } from './events-csv';
import { readEventsPage, type EventsScanLimits } from './events-page';
import { parseEventsQuery } from './events-query';

export function eventsEndpoint(limits?: EventsScanLimits): AdminHandler {
  return async (request, services) => {
    const query = parseEventsQuery(request.params);
    const page = await readEventsPage(services.gateway(), query, services.clock, limits);
    if (query.format === 'json') return jsonResponse(200, page);
    return {
      status: 200,
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': 'attachment; filename="breaker-events.csv"',
        'Cache-Control': 'no-store',
        ...(page.nextCursor ? { 'X-Next-Cursor': page.nextCursor } : {}),
      },
      body: eventsCsv(page.events),
    };
  };
}
