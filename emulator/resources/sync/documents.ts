import type { EmulatorDeps, Route } from '../../types';
import type { SyncDocument, SyncStore } from './store';
import { syncErrors } from './sync-errors';
import { type ObjectKind, objectRoutes, objectUrl, wireIdentity, wireStamps } from './sync-objects';
import { checkIfMatch, parseData } from './sync-wire';

export const documentKind: ObjectKind<SyncDocument> = {
  segment: 'Documents',
  listKey: 'documents',
  sidPrefix: 'ET',
  ttlParams: ['Ttl'],
  pick: (service) => service.documents,
  notFound: syncErrors.documentNotFound,
  build: (base, form) => {
    const raw = form.get('Data');
    return { ...base, data: raw === null ? {} : parseData(raw) };
  },
  update: (doc, req) => {
    const raw = req.form.get('Data');
    const data = raw === null ? undefined : parseData(raw);
    checkIfMatch(req, doc.revision, syncErrors.documentRevisionMismatch);
    if (data !== undefined) doc.data = data;
  },
  render: (doc) => ({
    ...wireIdentity(doc, 'Documents'),
    links: { permissions: `${objectUrl(doc, 'Documents')}/Permissions` },
    data: doc.data,
    ...wireStamps(doc),
  }),
};

/** /v1/Services/{ServiceSid}/Documents[/{Sid}]: addressed by SID or unique name. */
export const documentRoutes = (store: SyncStore, deps: EmulatorDeps): Route[] =>
  objectRoutes(documentKind, store, deps);
