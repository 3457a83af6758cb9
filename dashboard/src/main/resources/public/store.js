// The page's copy of the samples, as columns: one Float64Array of times (ms) and one Float64Array per key (NaN where a
// sample lacks the key), sorted by t, each t once, so that history, live samples and a refetch after a reconnect or
// resync can overlap without duplicating a point. Columns, not an object per sample: 1,000 series at 5 samples/s
// for an hour is 18 million numbers, which as objects would not fit a tab's memory or its garbage collector.
//
// A sample that follows a gap gets a break row before it (all NaN, kind BREAK) half-way to the previous sample, so a
// chart can take the time column as it is and still break its lines there.
export const SAMPLE = 1;
export const BREAK = 2;

const FIRST_CAPACITY = 256;

export class Store {
  constructor() {
    this.capacity = FIRST_CAPACITY;
    this.start = 0;
    this.end = 0;
    this.t = new Float64Array(this.capacity);
    this.kind = new Uint8Array(this.capacity);
    this.columns = new Map();
    this.keys = [];
    this.count = 0;
    this.version = 0;
  }

  get length() {
    return this.end - this.start;
  }

  /** Adds samples ({t, values, gap}) in any order; a t already held is skipped. */
  merge(incoming) {
    for (const sample of incoming) {
      for (const key in sample.values) {
        if (!this.columns.has(key)) this.addKey(key);
      }
      const last = this.end > this.start ? this.t[this.end - 1] : -Infinity;
      if (sample.t > last) {
        if (sample.gap && this.end > this.start) this.insertAt(this.end, (last + sample.t) / 2, BREAK, null);
        this.insertAt(this.end, sample.t, SAMPLE, sample.values);
      } else {
        const i = this.indexAtOrAfter(sample.t);
        if (i < this.end && this.t[i] === sample.t) continue;
        this.insertAt(i, sample.t, SAMPLE, sample.values);
      }
      this.count += 1;
    }
    if (incoming.length) this.version += 1;
  }

  addKey(key) {
    const column = new Float64Array(this.capacity);
    column.fill(NaN);
    this.columns.set(key, column);
    this.keys.push(key);
  }

  insertAt(i, t, kind, values) {
    if (this.end === this.capacity) i -= this.grow();
    if (i < this.end) {
      this.t.copyWithin(i + 1, i, this.end);
      this.kind.copyWithin(i + 1, i, this.end);
      for (const column of this.columns.values()) column.copyWithin(i + 1, i, this.end);
    }
    this.t[i] = t;
    this.kind[i] = kind;
    for (const [key, column] of this.columns) {
      const value = values ? values[key] : undefined;
      column[i] = typeof value === 'number' ? value : NaN;
    }
    this.end += 1;
  }

  /**
   * Makes room at the end: moves the rows kept to the front, into arrays twice as long when they fill more than half
   * of these. Returns how far the rows moved.
   */
  grow() {
    const used = this.length;
    const shift = this.start;
    const capacity = used * 2 > this.capacity ? this.capacity * 2 : this.capacity;
    const same = capacity === this.capacity;
    const t = same ? this.t : new Float64Array(capacity);
    t.set(this.t.subarray(this.start, this.end));
    const kind = same ? this.kind : new Uint8Array(capacity);
    kind.set(this.kind.subarray(this.start, this.end));
    for (const [key, old] of this.columns) {
      const next = same ? old : new Float64Array(capacity);
      next.set(old.subarray(this.start, this.end));
      next.fill(NaN, used);
      this.columns.set(key, next);
    }
    this.t = t;
    this.kind = kind;
    this.start = 0;
    this.end = used;
    this.capacity = capacity;
    return shift;
  }

  firstT() {
    for (let i = this.start; i < this.end; i += 1) if (this.kind[i] === SAMPLE) return this.t[i];
    return null;
  }

  lastT() {
    return this.end > this.start ? this.t[this.end - 1] : null;
  }

  /** Drops samples older than t (ms), so a tab left open for days stays small. */
  dropBefore(t) {
    const i = this.indexAtOrAfter(t);
    for (let j = this.start; j < i; j += 1) if (this.kind[j] === SAMPLE) this.count -= 1;
    if (i > this.start) {
      this.start = i;
      this.version += 1;
    }
  }

  /** Row indices [from, to) of the rows with lo <= t <= hi. */
  rows(lo, hi) {
    return [this.indexAtOrAfter(lo), this.indexAfter(hi)];
  }

  /** The samples with from <= t <= to (ms), as {t, values} objects: for CSV and the table view, not for drawing. */
  between(from, to) {
    const [i0, i1] = this.rows(from, to);
    const samples = [];
    for (let i = i0; i < i1; i += 1) {
      if (this.kind[i] !== SAMPLE) continue;
      const values = {};
      for (const [key, column] of this.columns) {
        if (column[i] === column[i]) values[key] = column[i];
      }
      samples.push({ t: this.t[i], values });
    }
    return samples;
  }

  /** The first row with a time after t. */
  indexAfter(t) {
    let low = this.start;
    let high = this.end;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.t[mid] <= t) low = mid + 1; else high = mid;
    }
    return low;
  }

  indexAtOrAfter(t) {
    let low = this.start;
    let high = this.end;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.t[mid] < t) low = mid + 1; else high = mid;
    }
    return low;
  }
}
