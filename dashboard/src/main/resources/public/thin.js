// Thinning of a run of samples to what a chart can show, as the server's Downsample does, for the page's own copy of
// a wide window, which live samples would otherwise fill at their full rate: the range is cut into one bucket per
// pixel, and a bucket with more than two samples becomes two, one holding each series' minimum and one its maximum,
// in the order they occurred, so peaks and dips survive. The newest sample is kept as it is, so that the chart ends
// where the data does and the legend's value now is the newest. Buckets start at whole multiples of their length, so
// thinning what was already thinned with the same length changes nothing; they never span a break in the lines.
import { SAMPLE, BREAK } from './store.js';

/** One row of the store as a sample ({t, values, gap}), as Store.merge takes it. */
function rowSample(store, i, gap) {
  const values = {};
  for (const [key, column] of store.columns) {
    if (column[i] === column[i]) values[key] = column[i];
  }
  return gap ? { t: store.t[i], values, gap: true } : { t: store.t[i], values };
}

/** The rows [i, end) of one bucket, at most two samples, appended to out. */
function reduce(store, i, end, gap, out) {
  if (end - i <= 2) {
    for (let j = i; j < end; j += 1) out.push(rowSample(store, j, gap && j === i));
    return;
  }
  const low = {};
  const high = {};
  let lowT = null;
  let highT = null;
  for (const [key, column] of store.columns) {
    let min = Infinity;
    let max = -Infinity;
    let minAt = -1;
    let maxAt = -1;
    for (let j = i; j < end; j += 1) {
      const value = column[j];
      if (value < min) {
        min = value;
        minAt = j;
      }
      if (value > max) {
        max = value;
        maxAt = j;
      }
    }
    if (minAt < 0) continue; // no value of this key in the bucket
    low[key] = min;
    high[key] = max;
    // the minima go where the first series has its minimum, the maxima where it has its maximum, so that a rising
    // bucket draws up and a falling one down
    if (lowT == null) {
      lowT = store.t[minAt];
      highT = store.t[maxAt];
    }
  }
  const first = store.t[i];
  const last = store.t[end - 1];
  if (lowT == null) {
    lowT = first;
    highT = last;
  }
  if (lowT === highT) highT = lowT === first ? last : first;
  const [earlier, later] = lowT < highT ? [[lowT, low], [highT, high]] : [[highT, high], [lowT, low]];
  out.push(gap ? { t: earlier[0], values: earlier[1], gap: true } : { t: earlier[0], values: earlier[1] });
  out.push({ t: later[0], values: later[1] });
}

/**
 * The store's samples thinned to buckets bucketMs long (a window's length over the width of its chart in pixels): at
 * most two samples a bucket, each series' extremes kept, and the newest sample. A sample after a break keeps its gap
 * flag.
 */
export function thin(store, bucketMs) {
  const out = [];
  const length = Math.max(1, bucketMs);
  let gap = false;
  let i = store.start;
  while (i < store.end) {
    if (store.kind[i] === BREAK) {
      gap = true;
      i += 1;
      continue;
    }
    const bucket = Math.floor(store.t[i] / length);
    let end = i + 1;
    while (end < store.end && store.kind[end] === SAMPLE && Math.floor(store.t[end] / length) === bucket) end += 1;
    reduce(store, i, end, gap, out);
    gap = false;
    i = end;
  }
  const newest = store.end - 1;
  if (out.length && out[out.length - 1].t !== store.t[newest]) out.push(rowSample(store, newest, false));
  return out;
}
