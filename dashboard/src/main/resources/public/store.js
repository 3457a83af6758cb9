// The page's copy of the samples: sorted by t, each t once, so that history, live samples and a refetch after a
// reconnect or resync can overlap without duplicating a point.
export class Store {
  constructor() {
    this.samples = [];
    this.keys = [];
    this.keySet = new Set();
  }

  merge(incoming) {
    for (const sample of incoming) {
      const last = this.samples[this.samples.length - 1];
      if (!last || sample.t > last.t) {
        this.samples.push(sample);
      } else {
        const i = this.indexAtOrAfter(sample.t);
        if (this.samples[i] && this.samples[i].t === sample.t) continue;
        this.samples.splice(i, 0, sample);
      }
      for (const key of Object.keys(sample.values)) {
        if (!this.keySet.has(key)) {
          this.keySet.add(key);
          this.keys.push(key);
        }
      }
    }
  }

  lastT() {
    const last = this.samples[this.samples.length - 1];
    return last ? last.t : null;
  }

  /** Drops samples older than t (ms), so a tab left open for days stays small. */
  dropBefore(t) {
    const i = this.indexAtOrAfter(t);
    if (i > 0) this.samples.splice(0, i);
  }

  /** The samples with from <= t <= to (ms). */
  between(from, to) {
    return this.samples.slice(this.indexAtOrAfter(from), this.indexAtOrAfter(to + 1));
  }

  indexAtOrAfter(t) {
    let low = 0;
    let high = this.samples.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.samples[mid].t < t) low = mid + 1; else high = mid;
    }
    return low;
  }
}
