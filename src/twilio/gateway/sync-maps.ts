import type { Twilio } from 'twilio';
import type { CreateOutcome } from '../gateway';
import { callTwilio, TwilioConflictError, TwilioNotFoundError } from '../twilio-errors';
import { createOnFirstUse, pathSegment } from './create-on-first-use';

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
