// The page's sample store: columns sorted by time, each time once, breaks where data is missing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Store, SAMPLE, BREAK } from '../../main/resources/public/store.js';

const rows = (store) => Array.from(store.t.subarray(store.start, store.end));
const column = (store, key) => Array.from(store.columns.get(key).subarray(store.start, store.end));

test('samples merged in any order are kept sorted by time, each time once', () => {
  const store = new Store();
  store.merge([{ t: 30, values: { a: 3 } }, { t: 10, values: { a: 1 } }]);
  store.merge([{ t: 20, values: { a: 2 } }, { t: 10, values: { a: 99 } }, { t: 30, values: { a: 99 } }]);
  assert.deepEqual(rows(store), [10, 20, 30]);
  assert.deepEqual(column(store, 'a'), [1, 2, 3]);
  assert.equal(store.count, 3);
  assert.equal(store.firstT(), 10);
  assert.equal(store.lastT(), 30);
});

test('a key a sample lacks is NaN there, and a key seen late is NaN before it', () => {
  const store = new Store();
  store.merge([{ t: 1, values: { a: 1 } }, { t: 2, values: { a: 2, b: 20 } }, { t: 3, values: { b: 30 } }]);
  assert.deepEqual(store.keys, ['a', 'b']);
  assert.deepEqual(column(store, 'a'), [1, 2, NaN]);
  assert.deepEqual(column(store, 'b'), [NaN, 20, 30]);
  assert.deepEqual(store.between(1, 3), [
    { t: 1, values: { a: 1 } },
    { t: 2, values: { a: 2, b: 20 } },
    { t: 3, values: { b: 30 } },
  ]);
});

test('a sample after a gap gets a break row half-way, which is not a sample', () => {
  const store = new Store();
  store.merge([{ t: 1000, values: { a: 1 } }, { t: 5000, values: { a: 2 }, gap: true }]);
  assert.deepEqual(rows(store), [1000, 3000, 5000]);
  assert.deepEqual(Array.from(store.kind.subarray(store.start, store.end)), [SAMPLE, BREAK, SAMPLE]);
  assert.ok(Number.isNaN(column(store, 'a')[1]));
  assert.equal(store.count, 2);
  assert.deepEqual(store.between(0, 10_000).map((s) => s.t), [1000, 5000]);
});

test('a gap on the first sample draws no break: there is nothing before it', () => {
  const store = new Store();
  store.merge([{ t: 1000, values: { a: 1 }, gap: true }]);
  assert.deepEqual(rows(store), [1000]);
});

test('rows and between take both ends of the range', () => {
  const store = new Store();
  store.merge([10, 20, 30, 40].map((t) => ({ t, values: { a: t } })));
  assert.deepEqual(store.rows(20, 30).map((i) => store.t[i] ?? null), [20, 40]);
  assert.deepEqual(store.between(20, 30).map((s) => s.t), [20, 30]);
  assert.deepEqual(store.between(41, 50), []);
});

test('dropBefore forgets older samples and counts only samples', () => {
  const store = new Store();
  store.merge([{ t: 1, values: { a: 1 } }, { t: 100, values: { a: 2 }, gap: true }, { t: 101, values: { a: 3 } }]);
  store.dropBefore(60);
  assert.deepEqual(rows(store), [100, 101]);
  assert.equal(store.count, 2);
  assert.equal(store.firstT(), 100);
  store.dropBefore(1_000);
  assert.equal(store.count, 0);
  assert.equal(store.firstT(), null);
  assert.equal(store.lastT(), null);
});

test('growing past its first capacity, and inserting in the middle after a drop, loses nothing', () => {
  const store = new Store();
  const samples = [];
  for (let i = 0; i < 1_000; i += 1) samples.push({ t: i * 2, values: { a: i, [`k${i % 3}`]: -i } });
  store.merge(samples);
  store.dropBefore(200);
  store.merge([{ t: 301, values: { a: 0.5 } }]);
  for (let i = 1_000; i < 1_300; i += 1) store.merge([{ t: i * 2, values: { a: i } }]);
  const t = rows(store);
  assert.equal(t.length, 1_201);
  assert.ok(t.every((value, i) => i === 0 || value > t[i - 1]), 'sorted');
  assert.equal(store.between(301, 301)[0].values.a, 0.5);
  assert.equal(store.between(302, 302)[0].values.a, 151);
  assert.equal(store.between(302, 302)[0].values.k1, -151);
  assert.equal(store.between(2_598, 2_598)[0].values.a, 1_299);
  assert.equal(store.count, 1_201);
});

test('the version changes with every merge that adds and every drop that removes', () => {
  const store = new Store();
  const before = store.version;
  store.merge([{ t: 1, values: { a: 1 } }]);
  const merged = store.version;
  store.dropBefore(0);
  assert.equal(store.version, merged, 'nothing dropped');
  store.dropBefore(2);
  assert.ok(merged > before && store.version > merged);
});
