import { pageV1 } from '../../http/paging';
import type { EmulatorDeps, EmulatorRequest, Route } from '../../types';
import type { NamedCollection } from './named-collection';
import { serviceUrl } from './services';
import type { SyncObject, SyncService, SyncStore } from './store';
import { syncErrors } from './sync-errors';
import {
  checkSyncPageSize,
  checkUniqueName,
  expiryAfter,
  isoDate,
  isoOrNull,
  parseTtl,
  syncRoute,
} from './sync-wire';

/** What differs between Sync Maps, Lists and Documents; the rest of their REST life is shared. */
export interface ObjectKind<T extends SyncObject> {
  segment: 'Maps' | 'Lists' | 'Documents';
  listKey: 'maps' | 'lists' | 'documents';
  sidPrefix: 'MP' | 'ES' | 'ET';
  /** TTL form fields by precedence: Maps and Lists take CollectionTtl over its alias Ttl. */
  ttlParams: string[];
  pick(service: SyncService): NamedCollection<T>;
  notFound(id: string): Error;
  build(base: SyncObject, form: URLSearchParams): T;
  /** Applies an update form's fields other than the TTL (a Document's Data, under If-Match). */
  update?(found: T, req: EmulatorRequest): void;
  render(o: T): object;
}

export const objectUrl = (o: SyncObject, segment: string) =>
  `${serviceUrl(o.serviceSid)}/${segment}/${o.sid}`;

type Stamped = Pick<SyncObject, 'revision' | 'dateCreated' | 'dateUpdated' | 'dateExpires'>;

/** The fields every Sync object and item shows on the wire besides its identity. */
export const wireStamps = (o: Stamped) => ({
  revision: String(o.revision),
  date_expires: isoOrNull(o.dateExpires),
  date_created: isoDate(o.dateCreated),
  date_updated: isoDate(o.dateUpdated),
  created_by: 'system',
});

export const wireIdentity = (o: SyncObject, segment: string) => ({
  sid: o.sid,
  unique_name: o.uniqueName,
  account_sid: o.accountSid,
  service_sid: o.serviceSid,
  url: objectUrl(o, segment),
});

/** Maps and Lists alike: TTL from CollectionTtl (or its alias Ttl), links to their items. */
export function collectionKind<T extends SyncObject>(
  kind: Omit<ObjectKind<T>, 'ttlParams' | 'render' | 'update'>,
): ObjectKind<T> {
  return {
    ...kind,
    ttlParams: ['CollectionTtl', 'Ttl'],
    render: (o) => {
      const url = objectUrl(o, kind.segment);
      return {
        ...wireIdentity(o, kind.segment),
        links: { items: `${url}/Items`, permissions: `${url}/Permissions` },
        ...wireStamps(o),
      };
    },
  };
}

/** Records a write: new revision, new date_updated. */
export function touch(o: { revision: number; dateUpdated: Date }, now: Date): void {
  o.revision += 1;
  o.dateUpdated = now;
}

/** Resolves `:ServiceSid`, then the object named by `req.params[param]` (SID or unique name). */
export function findObject<T extends SyncObject>(
  kind: ObjectKind<T>,
  store: SyncStore,
  req: EmulatorRequest,
  now: Date,
  param: string,
): T {
  const service = store.resolveService(req.authAccountSid, req.params.ServiceSid);
  const id = req.params[param];
  const found = kind.pick(service).find(id, now);
  if (!found) throw kind.notFound(id);
  return found;
}

function createObject<T extends SyncObject>(
  kind: ObjectKind<T>,
  store: SyncStore,
  deps: EmulatorDeps,
  req: EmulatorRequest,
): T {
  const now = deps.now();
  const service = store.resolveService(req.authAccountSid, req.params.ServiceSid);
  const objects = kind.pick(service);
  const rawName = req.form.get('UniqueName');
  const uniqueName = rawName === null ? null : checkUniqueName(rawName);
  const ttl = parseTtl(req.form, ...kind.ttlParams) ?? 0;
  const base: SyncObject = {
    sid: deps.newSid(kind.sidPrefix),
    uniqueName,
    accountSid: service.accountSid,
    serviceSid: service.sid,
    revision: 0,
    dateCreated: now,
    dateUpdated: now,
    dateExpires: expiryAfter(now, ttl),
  };
  const created = kind.build(base, req.form);
  // Checked last and with no await before add(): the name check and the insert are one step.
  if (uniqueName !== null && objects.nameTaken(uniqueName, now)) {
    throw syncErrors.uniqueNameExists(uniqueName);
  }
  objects.add(created);
  return created;
}

export function objectRoutes<T extends SyncObject>(
  kind: ObjectKind<T>,
  store: SyncStore,
  deps: EmulatorDeps,
): Route[] {
  const base = `/v1/Services/:ServiceSid/${kind.segment}`;
  const find = (req: EmulatorRequest) => findObject(kind, store, req, deps.now(), 'Sid');
  return [
    syncRoute('GET', base, (req) => {
      checkSyncPageSize(req);
      const service = store.resolveService(req.authAccountSid, req.params.ServiceSid);
      return pageV1(req, kind.listKey, kind.pick(service).all(deps.now()).map(kind.render));
    }),
    syncRoute('POST', base, (req) => ({
      status: 201,
      body: kind.render(createObject(kind, store, deps, req)),
    })),
    syncRoute('GET', `${base}/:Sid`, (req) => ({ status: 200, body: kind.render(find(req)) })),
    syncRoute('POST', `${base}/:Sid`, (req) => {
      const now = deps.now();
      const found = find(req);
      const ttl = parseTtl(req.form, ...kind.ttlParams);
      kind.update?.(found, req);
      if (ttl !== undefined) found.dateExpires = expiryAfter(now, ttl);
      touch(found, now);
      return { status: 200, body: kind.render(found) };
    }),
    syncRoute('DELETE', `${base}/:Sid`, (req) => {
      const found = find(req);
      const service = store.resolveService(req.authAccountSid, req.params.ServiceSid);
      kind.pick(service).remove(found);
      return { status: 204 };
    }),
  ];
}
