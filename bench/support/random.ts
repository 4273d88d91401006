// Shuffles with a seeded generator, so a benchmark's order is the same on every run.
export { seededRandom } from '../../test/support/seeded-random';

export function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}
