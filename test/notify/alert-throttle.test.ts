import { createAlertThrottle } from '../../src/notify/alert-throttle';

const MIN = 60_000;

describe('alert throttle', () => {
  it('lets one alert per key through per window', () => {
    const throttle = createAlertThrottle({ windowMs: 10 * MIN });
    expect(throttle.allow('a', 0)).toBe(true);
    expect(throttle.allow('a', 9 * MIN)).toBe(false);
    expect(throttle.allow('b', 9 * MIN)).toBe(true);
    expect(throttle.allow('a', 10 * MIN)).toBe(true);
  });

  it('caps the alerts of all keys together per window', () => {
    const throttle = createAlertThrottle({ windowMs: 10 * MIN, maxPerWindow: 3 });
    const allowed = Array.from({ length: 20 }, (_, i) => throttle.allow(`k${i}`, i)).filter(
      Boolean,
    );
    expect(allowed).toHaveLength(3);
    expect(throttle.allow('k19', 10 * MIN)).toBe(true);
  });

  it('forgets the oldest keys past its bound, the overall cap still holding', () => {
    const throttle = createAlertThrottle({ windowMs: 10 * MIN, maxPerWindow: 2, maxKeys: 1 });
    expect(throttle.allow('a', 0)).toBe(true);
    expect(throttle.allow('b', 1)).toBe(true);
    expect(throttle.allow('a', 2)).toBe(false); // forgotten, but the window's cap is reached
  });
});
