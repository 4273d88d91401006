// The whole audit list, oldest first, page by page (bounded: a runaway list ends the loop).
import type { AuditEvent } from '../../src/audit/audit-event';
import { AUDIT_LIST } from '../../src/audit/sync-names';
import type { TwilioGateway } from '../../src/twilio/gateway';

const PAGE = 100;

export async function readWholeAuditList(
  reader: Pick<TwilioGateway, 'listListItems'>,
  maxPages = 10_000,
): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  for (let from: number | undefined, pages = 0; pages < maxPages; pages++) {
    const page = await reader.listListItems<AuditEvent>(AUDIT_LIST, {
      pageSize: PAGE,
      order: 'asc',
      from,
    });
    events.push(...page.map((i) => i.data));
    if (page.length < PAGE) break;
    from = page[page.length - 1].index;
  }
  return events;
}
