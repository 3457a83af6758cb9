// The page's thinning of a wide window: at most two samples per bucket, every series' extremes kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Store } from '../../main/resources/public/store.js';
import { thin } from '../../main/resources/public/thin.js';

function storeOf(samples) {
  const store = new Store();
  store.merge(samples);
  return store;
}

const extremes = (samples, key) => {
  const values = samples.map((s) => s.values[key]).filter((v) => v !== undefined);
  return [Math.min(...values), Math.max(...values)];
};

test('a bucket of up to two samples is left as it is', () => {
  const samples = [{ t: 1_000, values: { a: 1 } }, { t: 1_500, values: { a: 2 } }, { t: 2_000, values: { a: 3 } }];
  assert.deepEqual(thin(storeOf(samples), 1_000), samples);
});

test('a fuller bucket becomes its minima and maxima, at the times of the first series', () => {
  const store = storeOf([
    { t: 0, values: { a: 5, b: 50 } },
    { t: 100, values: { a: 9, b: 10 } },
    { t: 200, values: { a: 1, b: 70 } },
    { t: 300, values: { a: 4, b: 40 } },
    { t: 1_000, values: { a: 0, b: 0 } },
  ]);
  assert.deepEqual(thin(store, 1_000), [
    { t: 100, values: { a: 9, b: 70 } },
    { t: 200, values: { a: 1, b: 10 } },
    { t: 1_000, values: { a: 0, b: 0 } },
  ]);
});

test('the newest sample is kept as it is: the chart ends where the data does', () => {
  const store = storeOf([0, 1, 2, 3, 4].map((i) => ({ t: i * 100, values: { a: [5, 9, 1, 7, 4][i] } })));
  assert.deepEqual(thin(store, 1_000), [
    { t: 100, values: { a: 9 } },
    { t: 200, values: { a: 1 } },
    { t: 400, values: { a: 4 } },
  ]);
});

test('a dense hour thinned to 100 pixels keeps its peak and its dip', () => {
  const samples = [];
  for (let i = 0; i < 3_600; i += 1) {
    samples.push({ t: 1_764_000_000_000 + i * 1_000, values: { cpu: i === 1_234 ? 99.5 : 10 + (i % 7), mem: i === 2_345 ? 0.25 : 40 } });
  }
  const thinned = thin(storeOf(samples), 3_600_000 / 100);
  assert.ok(thinned.length <= 2 * 101 + 1, `${thinned.length} samples`);
  assert.equal(thinned[thinned.length - 1].t, samples[samples.length - 1].t, 'the newest sample');
  assert.deepEqual(extremes(thinned, 'cpu'), extremes(samples, 'cpu'));
  assert.deepEqual(extremes(thinned, 'mem'), [0.25, 40]);
  assert.ok(thinned.every((s, i) => i === 0 || s.t > thinned[i - 1].t), 'in time order');
});

test('thinning what was thinned with the same bucket length changes nothing', () => {
  const samples = [];
  for (let i = 0; i < 5_000; i += 1) samples.push({ t: 1_000_000 + i * 137, values: { a: Math.sin(i / 40) * 100, b: i % 13 } });
  const once = thin(storeOf(samples), 10_000);
  assert.deepEqual(thin(storeOf(once), 10_000), once);
});

test('live samples added to a thinned bucket are folded into its extremes', () => {
  const store = storeOf(thin(storeOf([0, 1, 2, 3].map((i) => ({ t: i * 100, values: { a: 10 + i } }))), 1_000));
  store.merge([{ t: 500, values: { a: 50 } }, { t: 600, values: { a: -5 } }, { t: 700, values: { a: 12 } }]);
  assert.deepEqual(thin(store, 1_000), [
    { t: 500, values: { a: 50 } },
    { t: 600, values: { a: -5 } },
    { t: 700, values: { a: 12 } },
  ]);
});

test('buckets never span a break, and the sample after one keeps its gap', () => {
  const samples = [];
  for (let i = 0; i < 10; i += 1) samples.push({ t: i * 10, values: { a: i } });
  samples.push({ t: 500, values: { a: 100 }, gap: true });
  for (let i = 1; i < 10; i += 1) samples.push({ t: 500 + i * 10, values: { a: 100 + i } });
  const thinned = thin(storeOf(samples), 10_000);
  assert.deepEqual(thinned, [
    { t: 0, values: { a: 0 } },
    { t: 90, values: { a: 9 } },
    { t: 500, values: { a: 100 }, gap: true },
    { t: 590, values: { a: 109 } },
  ]);
  const store = storeOf(thinned);
  assert.equal(store.length, 5, 'four samples and the break between them');
});

test('a series absent from a bucket stays absent there', () => {
  const store = storeOf([
    { t: 0, values: { a: 1 } },
    { t: 10, values: { a: 3 } },
    { t: 20, values: { a: 2 } },
    { t: 2_000, values: { a: 1, b: 7 } },
    { t: 2_010, values: { a: 2, b: 9 } },
    { t: 2_020, values: { a: 3, b: 8 } },
  ]);
  const thinned = thin(store, 1_000);
  assert.deepEqual(thinned.slice(0, 2), [{ t: 0, values: { a: 1 } }, { t: 10, values: { a: 3 } }]);
  assert.deepEqual(thinned.slice(2), [{ t: 2_000, values: { a: 1, b: 7 } }, { t: 2_020, values: { a: 3, b: 9 } }]);
});

test('an empty store thins to nothing', () => {
  assert.deepEqual(thin(new Store(), 1_000), []);
});
