import { pageV1 } from '../../http/paging';
import { invalidParameter } from '../../http/twilio-error';
import type { EmulatorRequest, Route } from '../../types';
import {
  defaultSettings,
  type SyncService,
  type SyncServiceSettings,
  type SyncStore,
} from './store';
import { checkSyncPageSize, isoDate, SYNC_V1, syncRoute } from './sync-wire';

export const serviceUrl = (serviceSid: string) => `${SYNC_V1}/Services/${serviceSid}`;

export function renderService(s: SyncService) {
  const url = serviceUrl(s.sid);
  return {
    sid: s.sid,
    unique_name: s.uniqueName,
    account_sid: s.accountSid,
    friendly_name: s.friendlyName,
    date_created: isoDate(s.dateCreated),
    date_updated: isoDate(s.dateUpdated),
    url,
    webhook_url: s.webhookUrl,
    webhooks_from_rest_enabled: s.webhooksFromRestEnabled,
    reachability_webhooks_enabled: s.reachabilityWebhooksEnabled,
    acl_enabled: s.aclEnabled,
    reachability_debouncing_enabled: s.reachabilityDebouncingEnabled,
    reachability_debouncing_window: s.reachabilityDebouncingWindow,
    links: {
      documents: `${url}/Documents`,
      lists: `${url}/Lists`,
      maps: `${url}/Maps`,
      streams: `${url}/Streams`,
    },
  };
}

function flag(form: URLSearchParams, name: string, current: boolean): boolean {
  const raw = form.get(name);
  if (raw === null) return current;
  if (raw !== 'true' && raw !== 'false') throw invalidParameter(name, raw);
  return raw === 'true';
}

/** Applies the writable settings present in a create or update form. */
function settingsFrom(form: URLSearchParams, base: SyncServiceSettings): SyncServiceSettings {
  const window = form.get('ReachabilityDebouncingWindow');
  if (window !== null && !/^\d+$/.test(window)) {
    throw invalidParameter('ReachabilityDebouncingWindow', window);
  }
  return {
    friendlyName: form.get('FriendlyName') ?? base.friendlyName,
    webhookUrl: form.get('WebhookUrl') ?? base.webhookUrl,
    aclEnabled: flag(form, 'AclEnabled', base.aclEnabled),
    reachabilityWebhooksEnabled: flag(
      form,
      'ReachabilityWebhooksEnabled',
      base.reachabilityWebhooksEnabled,
    ),
    reachabilityDebouncingEnabled: flag(
      form,
      'ReachabilityDebouncingEnabled',
      base.reachabilityDebouncingEnabled,
    ),
    reachabilityDebouncingWindow:
      window === null ? base.reachabilityDebouncingWindow : Number(window),
    webhooksFromRestEnabled: flag(form, 'WebhooksFromRestEnabled', base.webhooksFromRestEnabled),
  };
}

export function serviceRoutes(store: SyncStore, now: () => Date): Route[] {
  const find = (req: EmulatorRequest) => store.resolveService(req.authAccountSid, req.params.Sid);
  return [
    syncRoute('GET', '/v1/Services', (req) => {
      checkSyncPageSize(req);
      return pageV1(req, 'services', store.servicesOf(req.authAccountSid).map(renderService));
    }),
    syncRoute('POST', '/v1/Services', (req) => {
      const service = store.createService(
        req.authAccountSid,
        settingsFrom(req.form, defaultSettings()),
      );
      return { status: 201, body: renderService(service) };
    }),
    syncRoute('GET', '/v1/Services/:Sid', (req) => ({
      status: 200,
      body: renderService(find(req)),
    })),
    syncRoute('POST', '/v1/Services/:Sid', (req) => {
      const service = find(req);
      Object.assign(service, settingsFrom(req.form, service), { dateUpdated: now() });
      return { status: 200, body: renderService(service) };
    }),
    syncRoute('DELETE', '/v1/Services/:Sid', (req) => {
      store.deleteService(find(req));
      return { status: 204 };
    }),
  ];
}
