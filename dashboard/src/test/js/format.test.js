// How the pages write numbers, times and names. Run with LC_ALL=en_US.UTF-8 and TZ=UTC (as the build does): the
// pages format in the browser's locale, so the expected texts are those of en-US.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  groupOf, isPercent, title, seriesLabel, formatNumber, formatValue, formatAxis, formatTime, formatClock,
  formatDuration, windowName,
} from '../../main/resources/public/format.js';

test('runs in the locale and time zone the expected texts are written for', () => {
  assert.equal(new Intl.NumberFormat().resolvedOptions().locale, 'en-US');
  assert.equal(new Intl.DateTimeFormat().resolvedOptions().timeZone, 'UTC');
});

test('numbers stay within about ten characters', () => {
  assert.equal(formatNumber(null), '–');
  assert.equal(formatNumber(NaN), '–');
  assert.equal(formatNumber(Infinity), '∞');
  assert.equal(formatNumber(-Infinity), '−∞');
  assert.equal(formatNumber(0), '0');
  assert.equal(formatNumber(42.4242), '42.42');
  assert.equal(formatNumber(7), '7.00');
  assert.equal(formatNumber(0.5), '0.5');
  assert.equal(formatNumber(0.123456), '0.123');
  assert.equal(formatNumber(99_999.994), '99,999.99');
  assert.equal(formatNumber(1_234_567.891), '1,234,568');
  assert.equal(formatNumber(999_999_999), '999,999,999');
  assert.equal(formatNumber(1.5e300), '1.50e300');
  assert.equal(formatNumber(0.000012345), '1.23e-5');
  assert.equal(formatNumber(-2_000_000_000), '-2.00e9');
  for (const value of [1.5e300, -1.5e-300, 123_456_789.123, 0.0011111111, -99_999.999]) {
    assert.ok(formatNumber(value).length <= 12, `${value} as ${formatNumber(value)}`);
  }
});

test('a percentage gets its sign, a missing value does not', () => {
  assert.equal(formatValue(12.5, true), '12.50 %');
  assert.equal(formatValue(12.5, false), '12.50');
  assert.equal(formatValue(undefined, true), '–');
});

test('axis labels shorten with k, M and G', () => {
  assert.equal(formatAxis(0), '0');
  assert.equal(formatAxis(12.3456), '12.346');
  assert.equal(formatAxis(9_999), '9999');
  assert.equal(formatAxis(15_000), '15k');
  assert.equal(formatAxis(2_500_000), '2.5M');
  assert.equal(formatAxis(3e9), '3G');
  assert.equal(formatAxis(1e13), '1.0e13');
  assert.equal(formatAxis(0.0001), '1.0e-4');
  assert.equal(formatAxis(-15_000), '-15k');
});

test('times to the second, with the date where asked, and ? for none', () => {
  const t = Date.UTC(2026, 0, 2, 15, 4, 5);
  assert.equal(formatTime(t), '03:04:05 PM');
  assert.equal(formatTime(t, true), 'Jan 2, 03:04:05 PM');
  assert.equal(formatClock(t), '03:04:05 PM');
  assert.equal(formatClock(null), '?');
  assert.equal(formatClock(undefined), '?');
});

test('durations in seconds, then minutes, then hours, never negative', () => {
  assert.equal(formatDuration(0), '0 s');
  assert.equal(formatDuration(-5_000), '0 s');
  assert.equal(formatDuration(59_400), '59 s');
  assert.equal(formatDuration(59_600), '1 min 0 s');
  assert.equal(formatDuration(61_000), '1 min 1 s');
  assert.equal(formatDuration(3_723_000), '1 h 2 min');
});

test('windows of more than an hour are named in hours', () => {
  assert.equal(windowName(1), '1 min');
  assert.equal(windowName(15), '15 min');
  assert.equal(windowName(60), '60 min');
  assert.equal(windowName(90), '90 min');
  assert.equal(windowName(360), '6 h');
  assert.equal(windowName(1440), '24 h');
});

test('a key "name-N" is series N of the chart "name"', () => {
  assert.deepEqual(groupOf('moving_average_cpu_percent-3'), { group: 'moving_average_cpu_percent', index: 3 });
  assert.deepEqual(groupOf('a-b-12'), { group: 'a-b', index: 12 });
  assert.deepEqual(groupOf('percentage_memory_caching'), { group: 'percentage_memory_caching', index: -1 });
  assert.deepEqual(groupOf('x-'), { group: 'x-', index: -1 });
});

test('charts and series are named for people', () => {
  assert.equal(title('moving_average_cpu_percent'), 'Moving average CPU percent');
  assert.equal(title('disk.read-bytes'), 'Disk read bytes');
  assert.equal(seriesLabel('moving_average_cpu_percent', 'moving_average_cpu_percent-2'), 'CPU 2');
  assert.equal(seriesLabel('disk', 'disk-2'), '#2');
  assert.equal(seriesLabel('plain', 'plain'), 'value');
  assert.equal(isPercent('percentage_memory_caching'), true);
  assert.equal(isPercent('load'), false);
});
