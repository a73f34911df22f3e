import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import {
  MetricSeriesStore, MIN_OVERVIEW_BUCKETS, OVERVIEW_BUCKETS, overviewBucketsFor, pointsOf, resolutionChanges, SeriesOverview, validateJobPageMessage,
  type OverviewUpdate,
} from '../../../src/core/jobPage';

interface Points { t: number[]; v: number[]; i: number[] }

/** The overview built from scratch, written out plainly: what the incremental one must equal at every step. */
function referenceOverview(t: readonly number[], v: readonly number[], maxBuckets: number): Points {
  const n = t.length;
  let size = 1;
  while (Math.ceil(n / size) > maxBuckets) size *= 2;
  const out: Points = { t: [], v: [], i: [] };
  for (let start = 0; start < n; start += size) {
    const end = Math.min(n, start + size);
    let low = -1;
    let high = -1;
    for (let k = start; k < end; k++) {
      if (!Number.isFinite(v[k]!)) continue;
      if (low < 0 || v[k]! < v[low]!) low = k;
      if (high < 0 || v[k]! > v[high]!) high = k;
    }
    const picks = [...new Set([start, low, high, end - 1].filter(k => k >= 0))].sort((a, b) => a - b);
    for (const k of picks) { out.t.push(t[k]!); out.v.push(v[k]!); out.i.push(k); }
  }
  return out;
}

/** Applies an update the way the page does: everything from `from` on is replaced. */
function apply(mirror: Points, u: OverviewUpdate): void {
  for (const key of ['t', 'v', 'i'] as const) {
    mirror[key].length = Math.min(mirror[key].length, u.from);
    mirror[key].push(...u[key]);
  }
}

function random(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
}

const same = (a: Points, b: Points, what: string) => {
  assert.equal(a.i.length, b.i.length, `${what}: ${a.i.length} points, not ${b.i.length}`);
  assert.deepEqual(a.i, b.i, `${what}: indices`);
  assert.deepEqual(a.t, b.t, `${what}: times`);
  // NaN is kept as NaN: compare as strings so NaN equals NaN.
  assert.deepEqual(a.v.map(String), b.v.map(String), `${what}: values`);
};

test('appending in batches of any size gives, after every update, the overview built from scratch', () => {
  const rnd = random(11);
  for (const maxBuckets of [2, 4, 16, 64]) {
    const t: number[] = [];
    const v: number[] = [];
    const overview = new SeriesOverview(pointsOf(t, v), maxBuckets);
    const mirror: Points = { t: [], v: [], i: [] };
    let time = 1_700_000_000_000;
    while (t.length < 5000) {
      const batch = 1 + Math.floor(rnd() * (rnd() < 0.2 ? 400 : 7));
      for (let k = 0; k < batch; k++) {
        time += Math.floor(rnd() * 3); // equal timestamps too
        t.push(time);
        const r = rnd();
        v.push(r < 0.02 ? NaN : r < 0.03 ? Infinity : Math.round(rnd() * 20) / 4); // ties, gaps
      }
      const update = overview.takeUpdate('s');
      if (update) apply(mirror, update);
      assert.equal(update?.count ?? t.length, t.length);
      same(mirror, referenceOverview(t, v, maxBuckets), `${maxBuckets} buckets, ${t.length} points`);
    }
  }
});

test('late points (inserted before the end) rebuild from their bucket: still the overview built from scratch', () => {
  const rnd = random(5);
  const store = new MetricSeriesStore(['loss'], 32);
  const mirror: Points = { t: [], v: [], i: [] };
  for (let round = 0; round < 300; round++) {
    const count = 1 + Math.floor(rnd() * 30);
    for (let k = 0; k < count; k++) {
      const late = rnd() < 0.1;
      store.add('loss', late ? Math.floor(rnd() * round * 100) : round * 100 + k, rnd() < 0.05 ? NaN : rnd());
    }
    for (const update of store.overviewUpdates()) apply(mirror, update);
    const [whole] = store.snapshot();
    same(mirror, referenceOverview(whole!.t, whole!.v, 32), `round ${round}`);
  }
  // A page that opens now gets the same, whole.
  const full: Points = { t: [], v: [], i: [] };
  apply(full, store.overviews()[0]!);
  same(full, mirror, 'the init');
  assert.deepEqual(store.overviewUpdates(), [], 'nothing left to send');
});

test('a million points: the overview stays bounded, keeps the extremes, and an append of 1,000 sends a few points', () => {
  const n = 1_000_000;
  const store = new MetricSeriesStore(['loss']);
  let extremeLow = Infinity;
  let extremeHigh = -Infinity;
  for (let k = 0; k < n; k++) {
    // A slow curve with one spike down and one up in the middle of a bucket.
    const value = k === 123_457 ? -50 : k === 654_321 ? 75 : Math.exp(-k / 200_000) + 0.01 * Math.sin(k);
    extremeLow = Math.min(extremeLow, value);
    extremeHigh = Math.max(extremeHigh, value);
    store.add('loss', 1_700_000_000_000 + k * 100, value);
  }
  const [init] = store.overviews();
  assert.ok(init!.t.length <= 4 * OVERVIEW_BUCKETS, `${init!.t.length} points`);
  assert.ok(init!.t.length > 2 * OVERVIEW_BUCKETS, 'it does use its buckets');
  assert.equal(init!.count, n);
  assert.equal(Math.min(...init!.v), extremeLow);
  assert.equal(Math.max(...init!.v), extremeHigh);
  assert.ok(init!.i.includes(123_457) && init!.i.includes(654_321), 'the spikes are in it');
  assert.equal(init!.i[0], 0);
  assert.equal(init!.i[init!.i.length - 1], n - 1, 'first and last points are in it');
  for (let k = 0; k < 1000; k++) store.add('loss', 1_700_000_000_000 + (n + k) * 100, 0.5);
  const [update] = store.overviewUpdates();
  assert.ok(update!.t.length <= 4 * 4, `an append sends only the touched buckets (${update!.t.length} points)`);
  assert.ok(update!.from > init!.t.length - 8, `from the end (${update!.from} of ${init!.t.length})`);
  assert.equal(update!.count, n + 1000);
});

test('an empty series has an empty overview; a bad bucket count is refused with the reason', () => {
  const store = new MetricSeriesStore(['acc']);
  assert.deepEqual(store.overviews().map(u => [u.name, u.count, u.from, u.t.length]), [['acc', 0, 0, 0]]);
  assert.deepEqual(store.overviewUpdates(), []);
  assert.throws(() => new SeriesOverview(pointsOf([], []), 3), /maxBuckets must be an even whole number >= 2, not 3/);
});

test('a zoomed-in range\'s detail is the overview of those points alone, with the whole series\' indices', () => {
  const rnd = random(3);
  const t: number[] = [];
  const v: number[] = [];
  for (let k = 0; k < 20_000; k++) { t.push(1000 + k * 10); v.push(rnd() < 0.01 ? NaN : rnd()); }
  const store = new MetricSeriesStore(['loss'], 64);
  for (let k = 0; k < t.length; k++) store.add('loss', t[k]!, v[k]!);
  for (const [first, last] of [[0, 19_999], [5_000, 5_100], [7, 7], [12_345, 19_000]] as const) {
    const detail = store.detail('loss', first, last)!;
    const reference = referenceOverview(t.slice(first, last + 1), v.slice(first, last + 1), 64);
    same({ t: [...detail.t], v: [...detail.v], i: [...detail.i] }, { ...reference, i: reference.i.map(k => k + first) }, `${first}..${last}`);
    assert.ok(detail.t.length <= 4 * 64);
  }
  assert.equal(store.detail('nope', 0, 1), undefined);
});

test('the page\'s overview buffer (media/jobPage/overviewBuffer.js) holds what the updates say, growing only to their size', () => {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { OverviewBuffer } = require(path.join(__dirname, '../../../../media/jobPage/overviewBuffer.js')) as {
    OverviewBuffer: new (name: string) => { apply(u: OverviewUpdate): void; count: number; length: number; t: Float64Array; v: Float64Array; i: Float64Array; tBuf: Float64Array };
  };
  const store = new MetricSeriesStore(['loss'], 16);
  const page = new OverviewBuffer('loss');
  const mirror: Points = { t: [], v: [], i: [] };
  const rnd = random(9);
  for (let round = 0; round < 200; round++) {
    for (let k = 0, n = Math.floor(rnd() * 50); k < n; k++) store.add('loss', round * 100 + k, rnd());
    for (const u of store.overviewUpdates()) { page.apply(u); apply(mirror, u); }
    same({ t: [...page.t], v: [...page.v], i: [...page.i] }, mirror, `round ${round}`);
  }
  assert.ok(page.tBuf.length <= 2 * 4 * 16, `its buffers hold ${page.tBuf.length} points`);
  assert.equal(page.count, store.snapshot()[0]!.t.length);
});

test('the page\'s drawn and detail messages are checked like the others', () => {
  assert.deepEqual(validateJobPageMessage({ kind: 'drawn', seq: 3, workMs: 1.5 }), { ok: true, message: { kind: 'drawn', seq: 3, workMs: 1.5 } });
  assert.deepEqual(validateJobPageMessage({ kind: 'detail', name: 'loss', first: 2, last: 9 }), { ok: true, message: { kind: 'detail', name: 'loss', first: 2, last: 9 } });
  const refused = (m: unknown) => { const r = validateJobPageMessage(m); return r.ok ? 'accepted' : r.reason; };
  assert.match(refused({ kind: 'drawn', seq: -1, workMs: 1 }), /drawn.seq must be a whole number >= 0/);
  assert.match(refused({ kind: 'drawn', seq: 1, workMs: Infinity }), /drawn.workMs must be a finite number/);
  assert.match(refused({ kind: 'detail', name: 'loss', first: 9, last: 2 }), /first <= last/);
  assert.match(refused({ kind: 'detail', name: '', first: 0, last: 1 }), /detail.name must be a metric's name/);
  assert.match(refused({ kind: 'detail', name: 'loss', first: 0, last: 1, url: 'x' }), /url/);
});

test('the init\'s drawn report may carry the page\'s times of its start, ready, arrival and frame, checked like the rest', () => {
  const times = { kind: 'drawn', seq: 1, workMs: 2, pageStartAt: 1_759_999_999_500.125, readySentAt: 1_759_999_999_900, receivedAt: 1_760_000_000_000.5, frameAt: 1_760_000_000_016.25 };
  assert.deepEqual(validateJobPageMessage(times), { ok: true, message: times });
  const refused = (m: unknown) => { const r = validateJobPageMessage(m); return r.ok ? 'accepted' : r.reason; };
  assert.match(refused({ ...times, frameAt: 'soon' }), /drawn.frameAt must be a time in milliseconds since the epoch/);
  assert.match(refused({ ...times, receivedAt: -1 }), /drawn.receivedAt must be a time/);
  assert.match(refused({ ...times, readySentAt: null }), /drawn.readySentAt must be a time/);
  assert.match(refused({ ...times, pageStartAt: Number.NaN }), /drawn.pageStartAt must be a time/);
});

test('a backfill added at once (addMany) gives the same series and overview as its points added one by one', () => {
  const rnd = random(11);
  const t: number[] = [];
  const v: number[] = [];
  for (let k = 0; k < 20_000; k++) { t.push(1000 + k * 10); v.push(k % 997 === 0 ? NaN : rnd()); }
  // Two late points among them: added where they belong, as add() does.
  t[12_000] = 5;
  t[15_000] = 1000 + 3_000 * 10 + 1;
  const oneByOne = new MetricSeriesStore([], 64);
  for (let k = 0; k < t.length; k++) oneByOne.add('loss', t[k]!, v[k]!);
  const atOnce = new MetricSeriesStore([], 64);
  atOnce.add('loss', 0, 1);
  const whole = new MetricSeriesStore([], 64);
  whole.add('loss', 0, 1);
  for (let k = 0; k < t.length; k++) whole.add('loss', t[k]!, v[k]!);
  atOnce.addMany('loss', Float64Array.from(t), Float64Array.from(v));
  assert.deepEqual(atOnce.snapshot(), whole.snapshot());
  assert.equal(atOnce.pointCount, t.length + 1);
  const [a] = atOnce.overviews();
  const [b] = whole.overviews();
  assert.deepEqual(a, b);
  const fresh = new MetricSeriesStore([], 64);
  fresh.addMany('loss', Float64Array.from(t), Float64Array.from(v));
  assert.deepEqual(fresh.snapshot(), oneByOne.snapshot());
  const overview = fresh.overviews()[0]!;
  const reference = referenceOverview(oneByOne.snapshot()[0]!.t, oneByOne.snapshot()[0]!.v, 64);
  assert.deepEqual({ t: [...overview.t], v: [...overview.v], i: [...overview.i] }, reference);
});

test('a backfill folded in at once (many merges in one sync, from a half-filled bucket) is the overview built from scratch, and the page is sent only from the first bucket it touched', () => {
  const rnd = random(23);
  for (const maxBuckets of [2, 6, 64]) {
    const t: number[] = [];
    const v: number[] = [];
    const overview = new SeriesOverview(pointsOf(t, v), maxBuckets);
    const mirror: Points = { t: [], v: [], i: [] };
    let time = 0;
    const push = (count: number) => {
      for (let k = 0; k < count; k++) {
        t.push(time += 1 + Math.floor(rnd() * 2));
        const r = rnd();
        v.push(r < 0.01 ? NaN : r < 0.02 ? -Infinity : Math.round(rnd() * 8)); // ties, gaps
      }
    };
    // A few points (a half-filled last bucket), then backfills far bigger than the buckets: each sync merges many times.
    for (const count of [maxBuckets + 1, 50 * maxBuckets + 3, 1, 1000 * maxBuckets + 7, 3]) {
      const sentBefore = mirror.i.length;
      push(count);
      const update = overview.takeUpdate('s')!;
      apply(mirror, update);
      same(mirror, referenceOverview(t, v, maxBuckets), `${maxBuckets} buckets, ${t.length} points`);
      assert.ok(update.from <= sentBefore, 'from a point the page has, or before');
    }
    // An append that stays in the last bucket sends that bucket alone.
    push(1);
    const update = overview.takeUpdate('s')!;
    apply(mirror, update);
    same(mirror, referenceOverview(t, v, maxBuckets), `${maxBuckets} buckets, one more point`);
    assert.ok(update.t.length <= 4, `${update.t.length} points sent for an append`);
  }
});

test('a page\'s resolution: coarser merges the buckets, finer reads the points again, both equal to the overview built from scratch', () => {
  const rnd = random(21);
  const t: number[] = [];
  const v: number[] = [];
  for (let k = 0; k < 30_000; k++) { t.push(1000 + k * 10 + (k % 3)); v.push(rnd() < 0.01 ? NaN : Math.round(rnd() * 40) / 8); }
  const store = new MetricSeriesStore(['loss'], 256);
  store.addMany('loss', Float64Array.from(t), Float64Array.from(v));
  store.overviews();
  for (const buckets of [64, 200, 202, 256, 1000, 64]) {
    store.setResolution(buckets);
    assert.equal(store.resolution, buckets);
    const [whole] = store.overviewUpdates();
    assert.ok(whole, `${buckets} buckets: the next update is the whole overview`);
    assert.equal(whole.from, 0);
    const mirror: Points = { t: [], v: [], i: [] };
    apply(mirror, whole);
    same(mirror, referenceOverview(t, v, buckets), `${buckets} buckets`);
    // Then appends at that resolution stay equal to the overview built from scratch.
    for (let k = 0; k < 500; k++) { t.push(t[t.length - 1]! + 10); v.push(rnd()); store.add('loss', t[t.length - 1]!, v[v.length - 1]!); }
    for (const u of store.overviewUpdates()) apply(mirror, u);
    same(mirror, referenceOverview(t, v, buckets), `${buckets} buckets, then 500 more points`);
    const detail = store.detail('loss', 100, 20_000)!;
    assert.ok(detail.t.length <= 4 * buckets, `a zoomed-in range's detail has ${buckets} buckets at most`);
  }
  // A series that comes later gets the page's resolution too.
  for (let k = 0; k < 5000; k++) store.add('acc', k, rnd());
  const acc = store.overviews().find(u => u.name === 'acc')!;
  assert.ok(acc.t.length <= 4 * 64, `${acc.t.length} points`);
  assert.throws(() => store.setResolution(7), /maxBuckets must be an even whole number >= 2, not 7/);
  assert.equal(store.resolution, 64, 'a refused resolution changes nothing');
});

test('the overview of a chart is as many buckets as it has pixels, within bounds; a change of width asks again only when it matters', () => {
  assert.equal(overviewBucketsFor(631), 630);
  assert.equal(overviewBucketsFor(1280), 1280);
  assert.equal(overviewBucketsFor(5000), OVERVIEW_BUCKETS);
  assert.equal(overviewBucketsFor(10), MIN_OVERVIEW_BUCKETS);
  assert.equal(overviewBucketsFor(0), OVERVIEW_BUCKETS, 'a page not laid out (hidden) gets the default');
  assert.equal(overviewBucketsFor(Number.NaN), OVERVIEW_BUCKETS);
  assert.equal(resolutionChanges(630, 640), false, 'a few pixels wider: the same overviews');
  assert.equal(resolutionChanges(630, 800), true, 'a quarter wider or more: finer ones');
  assert.equal(resolutionChanges(630, 400), false);
  assert.equal(resolutionChanges(630, 314), true, 'half as wide: coarser ones');
});

test('the page\'s ready carries its charts\' width, and a resolution message the new one: both checked', () => {
  assert.deepEqual(validateJobPageMessage({ kind: 'ready' }), { ok: true, message: { kind: 'ready' } });
  assert.deepEqual(validateJobPageMessage({ kind: 'ready', pixels: 640 }), { ok: true, message: { kind: 'ready', pixels: 640 } });
  assert.deepEqual(validateJobPageMessage({ kind: 'resolution', pixels: 0 }), { ok: true, message: { kind: 'resolution', pixels: 0 } });
  const refused = (m: unknown) => { const r = validateJobPageMessage(m); return r.ok ? 'accepted' : r.reason; };
  assert.match(refused({ kind: 'ready', pixels: -1 }), /ready.pixels must be the charts' width in device pixels/);
  assert.match(refused({ kind: 'ready', pixels: 12.5 }), /ready.pixels must be/);
  assert.match(refused({ kind: 'resolution', pixels: 1e9 }), /resolution.pixels must be .* from 0 to 100000/);
  assert.match(refused({ kind: 'resolution' }), /resolution.pixels must be/);
  assert.match(refused({ kind: 'resolution', pixels: '640' }), /resolution.pixels must be .*, not a string/);
  assert.match(refused({ kind: 'resolution', pixels: 640, width: 1 }), /unexpected field "width"/);
});

test('overviews carry their points\' indices in 32 bits (a sixth of each message, not a quarter) and the page reads them as before', () => {
  const n = 100_000;
  const store = new MetricSeriesStore(['loss'], 64);
  store.addMany('loss', Float64Array.from({ length: n }, (_, k) => k * 100), Float64Array.from({ length: n }, (_, k) => Math.sin(k / 7)));
  const [init] = store.overviews();
  assert.ok(init!.i instanceof Uint32Array, 'the init\'s indices');
  assert.equal(init!.i[init!.i.length - 1], n - 1);
  const detail = store.detail('loss', 40_000, 40_100)!;
  assert.ok(detail.i instanceof Uint32Array, 'a detail\'s indices');
  assert.equal(detail.i[0], 40_000);
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { OverviewBuffer } = require(path.join(__dirname, '../../../../media/jobPage/overviewBuffer.js')) as {
    OverviewBuffer: new (name: string) => { apply(u: OverviewUpdate): void; i: Float64Array };
  };
  const page = new OverviewBuffer('loss');
  page.apply(init!);
  assert.deepEqual([...page.i], [...init!.i]);
});
