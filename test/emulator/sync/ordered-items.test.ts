import { OrderedItems } from '../../../emulator/resources/sync/ordered-items';

const at = (iso: string) => new Date(iso);
const NOW = at('2025-01-01T00:00:00Z');

function filled(keys: number[], expiries: Record<number, string> = {}) {
  const items = new OrderedItems<number, { k: number; dateExpires: Date | null }>();
  for (const k of keys) items.set(k, { k, dateExpires: expiries[k] ? at(expiries[k]) : null });
  return items;
}

describe('OrderedItems', () => {
  it('keeps keys ordered whatever the insertion order', () => {
    const items = filled([5, 1, 9, 3]);
    const view = items.range(NOW, { order: 'asc', inclusive: true }, (v) => v.k);
    expect(view.slice(0, 10)).toEqual([1, 3, 5, 9]);
  });

  it('renders only the requested page of a large collection', () => {
    const items = filled(Array.from({ length: 100_000 }, (_, i) => i));
    let rendered = 0;
    const view = items.range(NOW, { order: 'desc', from: 70_000, inclusive: false }, (v) => {
      rendered++;
      return v.k;
    });
    expect(view.length).toBe(70_000);
    expect(view.slice(50, 53)).toEqual([69_949, 69_948, 69_947]);
    expect(rendered).toBe(3);
  });

  it('drops expired items once the clock passes their expiry', () => {
    const items = filled([1, 2, 3], { 2: '2025-01-01T00:01:00Z' });
    expect(items.get(2, at('2025-01-01T00:00:59Z'))).toBeDefined();
    expect(items.get(2, at('2025-01-01T00:01:00Z'))).toBeUndefined();
    const view = items.range(
      at('2025-01-01T00:01:00Z'),
      { order: 'asc', inclusive: true },
      (v) => v.k,
    );
    expect(view.slice(0, 10)).toEqual([1, 3]);
  });
});
