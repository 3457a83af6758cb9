// How the pages write numbers, times, durations, windows and chart names: short enough for a legend cell, in the
// browser's locale. No DOM here, so that Node's test runner can import it as it is.
const INDEXED = /^(.+)-(\d+)$/;

const fixed2 = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2, minimumFractionDigits: 2 });
const whole = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const small = new Intl.NumberFormat(undefined, { maximumSignificantDigits: 3 });
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined,
  { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** A key "name-N" is series N of the chart "name"; any other key is a chart of its own (index -1). */
export function groupOf(key) {
  const match = INDEXED.exec(key);
  return match ? { group: match[1], index: Number(match[2]) } : { group: key, index: -1 };
}

export function isPercent(group) {
  return /percent/i.test(group);
}

/** "moving_average_cpu_percent" → "Moving average CPU percent". */
export function title(group) {
  const words = group.replace(/[_\-.]+/g, ' ').trim();
  return (words.charAt(0).toUpperCase() + words.slice(1)).replace(/\bcpu\b/gi, 'CPU');
}

/** A series' name in its chart's legend: "CPU 2" in a CPU chart, "#2" elsewhere, "value" for a chart of one key. */
export function seriesLabel(group, key) {
  const { index } = groupOf(key);
  if (index < 0) return 'value';
  return /cpu/i.test(group) ? `CPU ${index}` : `#${index}`;
}

/**
 * At most about ten characters: thousands separators up to a billion, exponent form beyond that and below 0.001,
 * two decimals in between.
 */
export function formatNumber(value) {
  if (value == null || Number.isNaN(value)) return '–';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  const abs = Math.abs(value);
  if (abs === 0) return '0';
  if (abs >= 1e9 || abs < 1e-3) return value.toExponential(2).replace('e+', 'e');
  if (abs >= 1e5) return whole.format(value);
  if (abs < 1) return small.format(value);
  return fixed2.format(value);
}

export function formatValue(value, percent) {
  const text = formatNumber(value);
  return percent && text !== '–' ? `${text} %` : text;
}

/** A y axis label: k, M and G past ten thousand, exponent form past a trillion and below 0.001. */
export function formatAxis(value) {
  const abs = Math.abs(value);
  if (abs === 0) return '0';
  if (abs >= 1e12 || abs < 1e-3) return value.toExponential(1).replace('e+', 'e');
  if (abs >= 1e9) return `${+(value / 1e9).toFixed(1)}G`;
  if (abs >= 1e6) return `${+(value / 1e6).toFixed(1)}M`;
  if (abs >= 1e4) return `${+(value / 1e3).toFixed(1)}k`;
  return String(+value.toFixed(3));
}

/** A time of day to the second, with the date when withDate. */
export function formatTime(ms, withDate) {
  return (withDate ? dateTimeFormat : timeFormat).format(new Date(ms));
}

/** A time of day, or "?" where none is known. */
export function formatClock(ms) {
  return ms == null ? '?' : timeFormat.format(new Date(ms));
}

/** "42 s", "3 min 5 s", "2 h 10 min"; never negative. */
export function formatDuration(ms) {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${minutes % 60} min`;
}

/** A time window's name: "15 min", "60 min", "6 h", "24 h". */
export function windowName(minutes) {
  return minutes > 60 && minutes % 60 === 0 ? `${minutes / 60} h` : `${minutes} min`;
}
