import type { Sliceable } from '../../http/paging';

export interface Expiring {
  dateExpires: Date | null;
}

export interface RangeQuery<K> {
  order: 'asc' | 'desc';
  from?: K;
  inclusive: boolean;
}

export const isExpired = (item: Expiring, now: Date): boolean =>
  item.dateExpires !== null && item.dateExpires.getTime() <= now.getTime();

/**
 * Items kept sorted by key (Map Item keys, List Item indexes). Keeping the order on write means a
 * page of a 100,000-item List costs a binary search plus the page, never a sort or a full scan.
 * Expired items are swept lazily, and only once the earliest expiry has actually passed.
 */
export class OrderedItems<K extends string | number, V extends Expiring> {
  private keys: K[] = [];
  private readonly values = new Map<K, V>();
  private nextExpiry = Infinity;

  get(key: K, now: Date): V | undefined {
    this.sweep(now);
    return this.values.get(key);
  }

  /** Inserts or replaces. Appends in key order (List Items) take the O(1) path. */
  set(key: K, value: V): void {
    if (!this.values.has(key)) {
      const last = this.keys[this.keys.length - 1];
      if (last === undefined || last < key) this.keys.push(key);
      else this.keys.splice(this.lowerBound(key), 0, key);
    }
    this.values.set(key, value);
    if (value.dateExpires) this.nextExpiry = Math.min(this.nextExpiry, value.dateExpires.getTime());
  }

  delete(key: K): boolean {
    if (!this.values.delete(key)) return false;
    this.keys.splice(this.lowerBound(key), 1);
    return true;
  }

  /** A lazy window over the items a list request selects; slicing it renders only one page. */
  range<W>(now: Date, query: RangeQuery<K>, render: (item: V) => W): Sliceable<W> {
    this.sweep(now);
    const { keys, values } = this;
    const { from, inclusive } = query;
    const at = (position: number) => render(values.get(keys[position]) as V);
    if (query.order === 'asc') {
      const lo = from === undefined ? 0 : inclusive ? this.lowerBound(from) : this.upperBound(from);
      const length = keys.length - lo;
      return {
        length,
        slice: (start, end) => positions(start, end, length).map((i) => at(lo + i)),
      };
    }
    const hi =
      from === undefined ? keys.length : inclusive ? this.upperBound(from) : this.lowerBound(from);
    return {
      length: hi,
      slice: (start, end) => positions(start, end, hi).map((i) => at(hi - 1 - i)),
    };
  }

  private sweep(now: Date): void {
    if (now.getTime() < this.nextExpiry) return;
    this.nextExpiry = Infinity;
    this.keys = this.keys.filter((key) => {
      const item = this.values.get(key) as V;
      if (isExpired(item, now)) {
        this.values.delete(key);
        return false;
      }
      if (item.dateExpires) this.nextExpiry = Math.min(this.nextExpiry, item.dateExpires.getTime());
      return true;
    });
  }

  /** First position whose key is >= `key`. */
  private lowerBound(key: K): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.keys[mid] < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** First position whose key is > `key`. */
  private upperBound(key: K): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.keys[mid] <= key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function positions(start: number, end: number, length: number): number[] {
  const out: number[] = [];
  for (let i = Math.max(start, 0); i < Math.min(end, length); i++) out.push(i);
  return out;
}
