import { type Expiring, isExpired } from './ordered-items';

export interface Named extends Expiring {
  sid: string;
  uniqueName: string | null;
}

/** Twilio addresses a Sync object by SID or unique name; SID-shaped unique names are refused. */
export const SID_PATTERN = /^[A-Z]{2}[0-9a-fA-F]{32}$/;

/** The Maps, Lists or Documents of one Sync Service, in creation order (a JS Map keeps it). */
export class NamedCollection<T extends Named> {
  private readonly bySid = new Map<string, T>();
  private readonly sidByName = new Map<string, string>();

  find(sidOrName: string, now: Date): T | undefined {
    const sid = SID_PATTERN.test(sidOrName) ? sidOrName : this.sidByName.get(sidOrName);
    const found = sid === undefined ? undefined : this.bySid.get(sid);
    if (found && isExpired(found, now)) {
      this.remove(found);
      return undefined;
    }
    return found;
  }

  nameTaken(name: string, now: Date): boolean {
    return this.find(name, now) !== undefined;
  }

  add(item: T): void {
    this.bySid.set(item.sid, item);
    if (item.uniqueName !== null) this.sidByName.set(item.uniqueName, item.sid);
  }

  remove(item: T): void {
    this.bySid.delete(item.sid);
    if (item.uniqueName !== null) this.sidByName.delete(item.uniqueName);
  }

  all(now: Date): T[] {
    const live: T[] = [];
    for (const item of this.bySid.values()) {
      if (isExpired(item, now)) this.remove(item);
      else live.push(item);
    }
    return live;
  }
}
