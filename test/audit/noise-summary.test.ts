import { createNoiseSummary } from '../../src/audit/noise-summary';

describe('noise summary', () => {
  it('counts noise per kind and reason, and hands it out once the oldest count is a window old', () => {
    const noise = createNoiseSummary(60_000);
    noise.add('rejected', 'bad-signature', 'AC' + 'a'.repeat(32), 0);
    expect(noise.takeDue(59_999)).toEqual([]);
    const first = noise.takeDue(60_000);
    expect(first).toEqual([
      expect.objectContaining({ action: 'rejected', count: 1, counts: { 'bad-signature': 1 } }),
    ]);
    noise.add('rejected', 'bad-signature', null, 70_000);
    noise.add('rejected', 'malformed', null, 80_000);
    noise.add('duplicate', 'done', 'AC' + 'b'.repeat(32), 90_000);
    expect(noise.takeDue(129_999)).toEqual([]);
    const second = noise.takeDue(130_000);
    expect(second).toHaveLength(2);
    expect(second.find((e) => e.action === 'rejected')).toMatchObject({
      count: 2,
      counts: { 'bad-signature': 1, malformed: 1 },
      outcome: 'refused',
    });
    expect(second.find((e) => e.action === 'duplicate')).toMatchObject({
      count: 1,
      accountSids: ['AC' + 'b'.repeat(32)],
    });
    expect(noise.takeDue(1e9)).toEqual([]); // nothing counted since
  });

  it('hands out the counts early when forced (a drain)', () => {
    const noise = createNoiseSummary(60_000);
    noise.add('duplicate', 'done', null, 0);
    expect(noise.takeDue(1)).toEqual([]);
    expect(noise.takeDue(1, true)).toHaveLength(1);
    expect(noise.takeDue(2, true)).toEqual([]); // nothing counted since
  });

  it('keeps at most 20 account SIDs per summary', () => {
    const noise = createNoiseSummary();
    for (let i = 0; i < 50; i++)
      noise.add('rejected', 'bad-signature', `AC${String(i).padStart(32, '0')}`, 0);
    const [summary] = noise.takeDue(0, true);
    expect(summary.count).toBe(50);
    expect(summary.accountSids).toHaveLength(20);
  });
});
