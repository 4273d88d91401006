import type { Twilio } from 'twilio';
import type { CreateOutcome, MapItemsPage } from '../gateway-types';
import { callTwilio, TwilioConflictError, TwilioNotFoundError } from '../twilio-errors';
import { createOnFirstUse, pathSegment } from './create-on-first-use';

// Twilio's maximum page size for Sync reads.
const MAX_SYNC_PAGE_SIZE = 100;

// The cursor is the last key read; the next page starts after it (From=key, Bounds=exclusive), so
// no URL from outside is ever followed.
const encodeCursor = (key: string) => Buffer.from(key, 'utf8').toString('base64url');
const decodeCursor = (cursor: string) => Buffer.from(cursor, 'base64url').toString('utf8');

export function syncMapsGateway(client: Twilio, serviceSid: string) {
  const service = () => client.sync.v1.services(serviceSid);
  const items = (map: string) => service().syncMaps(pathSegment(map)).syncMapItems;
  const item = (map: string, key: string) => items(map)(pathSegment(key));
  const createMap = (map: string) =>
    callTwilio(`create Sync map ${map}`, () => service().syncMaps.create({ uniqueName: map }));

  const createItem = (map: string, key: string, data: object, ttlSeconds?: number) =>
    createOnFirstUse<CreateOutcome>(
      async () => {
        try {
          await callTwilio(`create item ${key} in Sync map ${map}`, () =>
            items(map).create({ key, data, itemTtl: ttlSeconds }),
          );
          return 'created';
        } catch (error) {
          // Twilio's create is atomic on the key: 409 (code 54208) means another writer got it first.
          if (error instanceof TwilioConflictError) return 'exists';
          throw error;
        }
      },
      () => createMap(map),
    );

  const updateItem = (map: string, key: string, data: object, ttlSeconds?: number) =>
    callTwilio(`update item ${key} in Sync map ${map}`, () =>
      item(map, key).update({ data, itemTtl: ttlSeconds }),
    );

  return {
    createMapItem: createItem,

    async fetchMapItem<T extends object>(map: string, key: string): Promise<T | null> {
      try {
        const found = await callTwilio(`fetch item ${key} of Sync map ${map}`, () =>
          item(map, key).fetch(),
        );
        return found.data as T;
      } catch (error) {
        if (error instanceof TwilioNotFoundError) return null;
        throw error;
      }
    },

    async putMapItem(map: string, key: string, data: object, ttlSeconds?: number): Promise<void> {
      try {
        await updateItem(map, key, data, ttlSeconds);
        return;
      } catch (error) {
        if (!(error instanceof TwilioNotFoundError)) throw error;
      }
      // Absent: create it; if a concurrent writer created it meanwhile, overwrite theirs once.
      if ((await createItem(map, key, data, ttlSeconds)) === 'exists') {
        await updateItem(map, key, data, ttlSeconds);
      }
    },

    async listMapItemsPage<T extends object>(
      map: string,
      cursor: string | null,
      pageSize: number,
    ): Promise<MapItemsPage<T>> {
      const after = cursor === null ? undefined : decodeCursor(cursor);
      try {
        const page = await callTwilio(`list items of Sync map ${map}`, () =>
          items(map).page({
            pageSize: Math.min(pageSize, MAX_SYNC_PAGE_SIZE),
            order: 'asc',
            from: after,
            bounds: after === undefined ? undefined : 'exclusive',
          }),
        );
        const read = page.instances.map((i) => ({ key: i.key, data: i.data as T }));
        const last = read.at(-1);
        return {
          items: read,
          nextCursor: page.nextPageUrl && last ? encodeCursor(last.key) : null,
        };
      } catch (error) {
        if (error instanceof TwilioNotFoundError) return { items: [], nextCursor: null };
        throw error;
      }
    },

    /** Idempotent: an item (or map) that is already gone counts as deleted. */
    async deleteMapItem(map: string, key: string): Promise<void> {
      try {
        await callTwilio(`delete item ${key} of Sync map ${map}`, () => item(map, key).remove());
      } catch (error) {
        if (!(error instanceof TwilioNotFoundError)) throw error;
      }
    },
  };
}
