import type { EmulatorDeps } from '../../types';
import { NamedCollection } from './named-collection';
import { OrderedItems } from './ordered-items';
import { syncErrors } from './sync-errors';

export type SyncData = Record<string, unknown>;

interface Timestamps {
  dateCreated: Date;
  dateUpdated: Date;
  dateExpires: Date | null;
  /** Bumped on every write; sent as `revision` and checked against If-Match. */
  revision: number;
}

export interface SyncObject extends Timestamps {
  sid: string;
  uniqueName: string | null;
  accountSid: string;
  serviceSid: string;
}

export interface MapItem extends Timestamps {
  key: string;
  data: SyncData;
}

export interface ListItem extends Timestamps {
  index: number;
  data: SyncData;
}

export interface SyncMap extends SyncObject {
  items: OrderedItems<string, MapItem>;
}

export interface SyncList extends SyncObject {
  items: OrderedItems<number, ListItem>;
  /** Indexes only grow: a deleted item's index is never reused, as in Twilio. */
  nextIndex: number;
}

export interface SyncDocument extends SyncObject {
  data: SyncData;
}

export interface SyncServiceSettings {
  friendlyName: string | null;
  webhookUrl: string | null;
  aclEnabled: boolean;
  reachabilityWebhooksEnabled: boolean;
  reachabilityDebouncingEnabled: boolean;
  reachabilityDebouncingWindow: number;
  webhooksFromRestEnabled: boolean;
}

export interface SyncService extends SyncServiceSettings {
  sid: string;
  accountSid: string;
  uniqueName: string | null;
  dateCreated: Date;
  dateUpdated: Date;
  maps: NamedCollection<SyncMap>;
  lists: NamedCollection<SyncList>;
  documents: NamedCollection<SyncDocument>;
}

export const DEFAULT_SERVICE = 'default';

export const defaultSettings = (): SyncServiceSettings => ({
  friendlyName: null,
  webhookUrl: null,
  aclEnabled: false,
  reachabilityWebhooksEnabled: false,
  reachabilityDebouncingEnabled: false,
  reachabilityDebouncingWindow: 5000,
  webhooksFromRestEnabled: false,
});

/** All Sync data of the emulator. Every service belongs to one account; nothing is shared. */
export class SyncStore {
  private readonly services = new Map<string, SyncService>();
  private readonly defaults = new Map<string, string>();

  constructor(private readonly deps: EmulatorDeps) {}

  createService(
    accountSid: string,
    settings: SyncServiceSettings,
    uniqueName: string | null = null,
  ): SyncService {
    const now = this.deps.now();
    const service: SyncService = {
      ...settings,
      sid: this.deps.newSid('IS'),
      accountSid,
      uniqueName,
      dateCreated: now,
      dateUpdated: now,
      maps: new NamedCollection(),
      lists: new NamedCollection(),
      documents: new NamedCollection(),
    };
    this.services.set(service.sid, service);
    return service;
  }

  servicesOf(accountSid: string): SyncService[] {
    return [...this.services.values()].filter((s) => s.accountSid === accountSid);
  }

  /** `default` names the account's own default service, made on first use like Twilio's. */
  resolveService(accountSid: string, id: string): SyncService {
    if (id === DEFAULT_SERVICE) {
      const existing = this.services.get(this.defaults.get(accountSid) ?? '');
      if (existing) return existing;
      const settings = { ...defaultSettings(), friendlyName: 'Default Service' };
      const created = this.createService(accountSid, settings, DEFAULT_SERVICE);
      this.defaults.set(accountSid, created.sid);
      return created;
    }
    const service = this.services.get(id);
    if (!service) throw syncErrors.serviceNotFound(id);
    if (service.accountSid !== accountSid) throw syncErrors.serviceOfOtherAccount(id);
    return service;
  }

  deleteService(service: SyncService): void {
    this.services.delete(service.sid);
    if (this.defaults.get(service.accountSid) === service.sid) {
      this.defaults.delete(service.accountSid);
    }
  }
}
