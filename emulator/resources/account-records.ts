// What the 2010-04-01 API's per-account records (Calls, Messages) share: an account's records kept
// in creation order and listed newest first, list filters that are plain equality on a field, the
// `uri` and `subresource_uris` every record carries, and routes under /Accounts/{AccountSid}/.
import { hostRoute } from '../http/host-route';
import type { HttpMethod, Route } from '../types';

const V = '/2010-04-01';
const apiRoute = hostRoute('api.twilio.com');

export interface AccountRecords<T> {
  add(record: T): void;
  /** An account's records, newest first (as Twilio lists them). */
  list(accountSid: string): T[];
  find(accountSid: string, sid: string): T | undefined;
}

export function accountRecords<
  T extends { sid: string; account_sid: string },
>(): AccountRecords<T> {
  const records: T[] = [];
  return {
    add: (record) => void records.push(record),
    list: (accountSid) => records.filter((r) => r.account_sid === accountSid).reverse(),
    find: (accountSid, sid) => records.find((r) => r.sid === sid && r.account_sid === accountSid),
  };
}

/** Keeps the records whose fields equal the query parameters given, e.g. `{ To: 'to' }`. */
export function matchesQuery<T>(
  query: URLSearchParams,
  fields: Record<string, keyof T>,
): (record: T) => boolean {
  return (record) =>
    Object.entries(fields).every(([param, field]) => {
      const wanted = query.get(param);
      return wanted === null || record[field] === wanted;
    });
}

// UserDefinedMessages → user_defined_messages, as the keys of Twilio's subresource_uris read.
const snakeCase = (name: string) => name.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();

/** `uri` and `subresource_uris` of /Accounts/{account}/{collection}/{sid}.json, e.g. Media. */
export function recordUris(
  accountSid: string,
  collection: string,
  sid: string,
  subresources: string[],
) {
  const base = `${V}/Accounts/${accountSid}/${collection}/${sid}`;
  return {
    subresource_uris: Object.fromEntries(
      subresources.map((name) => [snakeCase(name), `${base}/${name}.json`]),
    ),
    uri: `${base}.json`,
  };
}

/** A route on api.twilio.com under /2010-04-01/Accounts/:AccountSid/, e.g. `Calls/:Sid.json`. */
export const accountRoute = (method: HttpMethod, path: string, handler: Route['handler']): Route =>
  apiRoute(method, `${V}/Accounts/:AccountSid/${path}`, handler);
