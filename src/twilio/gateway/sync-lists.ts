import type { Twilio } from 'twilio';
import type { SyncListItem } from '../gateway-types';
import { callTwilio, TwilioNotFoundError } from '../twilio-errors';
import { createOnFirstUse, pathSegment } from './create-on-first-use';

// Twilio's maximum page size for Sync reads.
const MAX_SYNC_PAGE_SIZE = 100;

export interface ListItemsQuery {
  /** Capped at 100, Twilio's maximum for Sync List Items. */
  pageSize: number;
  order: 'asc' | 'desc';
  /** Index to continue after (exclusive), e.g. the last index of the previous page. */
  from?: number;
}

export function syncListsGateway(client: Twilio, serviceSid: string) {
  const service = () => client.sync.v1.services(serviceSid);
  const items = (list: string) => service().syncLists(pathSegment(list)).syncListItems;

  return {
    async appendListItem(list: string, data: object): Promise<number> {
      const appended = await createOnFirstUse(
        () => callTwilio(`append to Sync list ${list}`, () => items(list).create({ data })),
        () =>
          callTwilio(`create Sync list ${list}`, () =>
            service().syncLists.create({ uniqueName: list }),
          ),
      );
      return appended.index;
    },

    /** One page; an absent list reads as empty. */
    async listListItems<T extends object>(
      list: string,
      query: ListItemsQuery,
    ): Promise<SyncListItem<T>[]> {
      const continuing = query.from !== undefined;
      try {
        const page = await callTwilio(`read Sync list ${list}`, () =>
          items(list).page({
            pageSize: Math.min(query.pageSize, MAX_SYNC_PAGE_SIZE),
            order: query.order,
            from: continuing ? String(query.from) : undefined,
            bounds: continuing ? 'exclusive' : undefined,
          }),
        );
        return page.instances.map((i) => ({ index: i.index, data: i.data as T }));
      } catch (error) {
        if (error instanceof TwilioNotFoundError) return [];
        throw error;
      }
    },
  };
}
