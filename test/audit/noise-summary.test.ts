import { createNoiseSummary } from '../../src/audit/noise-summary';

describe('noise summary', () => {
  it('counts noise per kind and reason, and hands out one summary per window', () => {
    const noise = createNoiseSummary(60_000);
    noise.add('rejected', 'bad-signature', 'AC' + 'a'.repeat(32));
    const first = noise.takeDue(0);
    expect(first).toEqual([
      expect.objectContaining({ action: 'rejected', count: 1, counts: { 'bad-signature': 1 } }),
    ]);
    noise.add('rejected', 'bad-signature', null);
    noise.add('rejected', 'malformed', null);
    noise.add('duplicate', 'done', 'AC' + 'b'.repeat(32));
    expect(noise.takeDue(59_999)).toEqual([]);
    const second = noise.takeDue(60_000);
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

  it('hands out the counts early when forced (a verified delivery pays for the write)', () => {
    const noise = createNoiseSummary(60_000);
    noise.add('duplicate', 'done', null);
    noise.takeDue(0);
    noise.add('duplicate', 'done', null);
    expect(noise.takeDue(1, true)).toHaveLength(1);
  });

  it('keeps at most 20 account SIDs per summary', () => {
    const noise = createNoiseSummary();
    for (let i = 0; i < 50; i++)
      noise.add('rejected', 'bad-signature', `AC${String(i).padStart(32, '0')}`);
    const [summary] = noise.takeDue(0);
    expect(summary.count).toBe(50);
    expect(summary.accountSids).toHaveLength(20);
  });
});
