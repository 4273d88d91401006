// A small stacked bar chart (SVG) of trips and warnings over time, built from the events loaded so
// far. bucketEvents() is pure; renderChart() only draws what it returns.
import { svg, replaceChildren } from './dom.js';
import { formatTime } from './time-zone.js';

const HOUR = 3600 * 1000;
const SERIES = [
  { key: 'trip', actions: ['suspended'], label: 'suspended' },
  { key: 'dry', actions: ['would-suspend'], label: 'would suspend' },
  { key: 'warn', actions: ['alerted'], label: 'warnings' },
];
const MAX_BUCKETS = 60;

/** Bucket width so the range fits in at most MAX_BUCKETS bars. */
function bucketHours(spanMs) {
  for (const hours of [1, 3, 6, 12, 24, 24 * 7]) {
    if (spanMs / (hours * HOUR) <= MAX_BUCKETS) return hours;
  }
  return 24 * 30;
}

/** A Date's calendar as local or UTC getters and setters, so buckets follow the chosen zone. */
function calendar(date, zone) {
  const utc = zone === 'utc' ? 'UTC' : '';
  return {
    get: (unit) => date[`get${utc}${unit}`](),
    set: (unit, ...values) => date[`set${utc}${unit}`](...values),
  };
}

/** Start of the bucket holding `time`, on the zone's calendar. */
function bucketStart(time, hours, zone) {
  const date = new Date(time);
  const c = calendar(date, zone);
  if (hours >= 24) {
    c.set('Hours', 0, 0, 0, 0);
    if (hours === 24 * 7) c.set('Date', c.get('Date') - ((c.get('Day') + 6) % 7));
    if (hours === 24 * 30) c.set('Date', 1);
  } else {
    c.set('Hours', c.get('Hours') - (c.get('Hours') % hours), 0, 0, 0);
  }
  return date.getTime();
}

function nextBucket(start, hours, zone) {
  const date = new Date(start);
  const c = calendar(date, zone);
  if (hours === 24 * 30) c.set('Month', c.get('Month') + 1);
  else if (hours >= 24) c.set('Date', c.get('Date') + hours / 24);
  else c.set('Hours', c.get('Hours') + hours);
  return date.getTime();
}

/**
 * → {hours, buckets: [{start, end, trip, dry, warn}]} covering [from, to]; from/to default to the
 * oldest event (or a day ago, if later) and now.
 */
export function bucketEvents(events, { from, to, now = Date.now(), zone = 'local' } = {}) {
  const times = events.map((e) => new Date(e.time).getTime()).filter(Number.isFinite);
  const end = to ?? now;
  // At least the last day, so a burst of events shows against its quiet surroundings.
  const start = from ?? Math.min(end - 24 * HOUR, ...times);
  const hours = bucketHours(Math.max(end - start, HOUR));
  const buckets = [];
  for (let t = bucketStart(start, hours, zone); t <= end && buckets.length < MAX_BUCKETS * 2;) {
    const next = nextBucket(t, hours, zone);
    buckets.push({ start: t, end: next, trip: 0, dry: 0, warn: 0 });
    t = next;
  }
  for (const event of events) {
    const series = SERIES.find((s) => s.actions.includes(event.action));
    const time = new Date(event.time).getTime();
    const bucket = series && buckets.find((b) => time >= b.start && time < b.end);
    if (bucket) bucket[series.key] += 1;
  }
  return { hours, buckets };
}

const H = 200;
const PAD = { left: 34, right: 8, top: 10, bottom: 26 };

/** A round top for the y axis, even so its midpoint is a whole number too. */
function niceMax(value) {
  if (value <= 1) return 1;
  if (value <= 10) return value + (value % 2);
  const step = 10 ** Math.floor(Math.log10(value));
  return Math.ceil(value / step) * step;
}

function barTitle(bucket, zone) {
  const parts = SERIES.map((s) => `${bucket[s.key]} ${s.label}`);
  return `${formatTime(new Date(bucket.start).toISOString(), zone)}: ${parts.join(', ')}`;
}

/**
 * Draws into `container` at its current width (so text keeps its size on a phone); returns the
 * counts, for the caption. `range`: {from, to, zone}.
 */
export function renderChart(container, events, range = {}) {
  const W = Math.max(300, Math.round(container.clientWidth) || 720);
  const { buckets } = bucketEvents(events, range);
  const max = niceMax(Math.max(0, ...buckets.map((b) => b.trip + b.dry + b.warn)));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / buckets.length;
  const barW = Math.min(40, Math.max(1, slot * 0.7));
  const y = (count) => PAD.top + plotH - (count / max) * plotH;

  const grid = (max > 1 ? [0, max / 2, max] : [0, max]).map((tick) =>
    svg(
      'g',
      { class: 'tick' },
      svg('line', { x1: PAD.left, x2: W - PAD.right, y1: y(tick), y2: y(tick) }),
      svg('text', { x: PAD.left - 6, y: y(tick) + 4, 'text-anchor': 'end' }, String(tick)),
    ),
  );
  const bars = buckets.map((bucket, i) => {
    let top = y(0);
    const rects = SERIES.filter((s) => bucket[s.key] > 0).map((s) => {
      const height = (bucket[s.key] / max) * plotH;
      top -= height;
      const x = PAD.left + i * slot + (slot - barW) / 2;
      return svg('rect', {
        class: `bar ${s.key}`,
        'data-series': s.key,
        'data-count': bucket[s.key],
        x: x.toFixed(1),
        y: top.toFixed(1),
        width: barW.toFixed(1),
        height: height.toFixed(1),
      });
    });
    return svg('g', {}, svg('title', {}, barTitle(bucket, range.zone)), rects);
  });
  const label = (bucket, anchor, x) =>
    svg(
      'text',
      { class: 'axis', x, y: H - 8, 'text-anchor': anchor },
      formatTime(new Date(bucket.start).toISOString(), range.zone).slice(0, 16),
    );
  const totals = Object.fromEntries(
    SERIES.map((s) => [s.key, buckets.reduce((sum, b) => sum + b[s.key], 0)]),
  );
  const description =
    `${totals.trip} suspended, ${totals.dry} would suspend, ${totals.warn} warnings ` +
    `in ${buckets.length} bars`;

  replaceChildren(
    container,
    svg(
      'svg',
      { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `Chart: ${description}` },
      grid,
      bars,
      label(buckets[0], 'start', PAD.left),
      buckets.length > 1 ? label(buckets[buckets.length - 1], 'end', W - PAD.right) : null,
    ),
  );
  return totals;
}
