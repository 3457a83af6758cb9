// One card per metric: a key "name-N" is series N of the chart "name", any other key is a chart of its own.
// Each card has a uPlot line chart and a legend table with value, min, max and average over the visible window;
// hovering one chart moves the cursor on all of them (uPlot cursor sync) and the legends show the hovered values.
import uPlot from '/webjars/uplot/1.6.30/dist/uPlot.esm.js';
import { markerPlugin } from '/markers.js';

const SYNC_KEY = 'fnpulse';
const MULTI_COLORS = ['#3b82f6', '#f59e0b', '#10b981', '#ef4444', '#8b5cf6', '#06b6d4', '#ec4899', '#84cc16'];
const SINGLE_COLORS = ['#8b5cf6', '#0ea5a4', '#f97316', '#3b82f6', '#ec4899', '#10b981'];
const INDEXED = /^(.+)-(\d+)$/;
const HEIGHT = 210;

export function groupOf(key) {
  const match = INDEXED.exec(key);
  return match ? { group: match[1], index: Number(match[2]) } : { group: key, index: -1 };
}

export function isPercent(group) {
  return /percent/i.test(group);
}

export function title(group) {
  const words = group.replace(/[_\-.]+/g, ' ').trim();
  return (words.charAt(0).toUpperCase() + words.slice(1)).replace(/\bcpu\b/gi, 'CPU');
}

function seriesLabel(group, key) {
  const { index } = groupOf(key);
  if (index < 0) return 'value';
  return /cpu/i.test(group) ? `CPU ${index}` : `#${index}`;
}

const numberFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2, minimumFractionDigits: 2 });
const bigFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

export function formatValue(value, percent) {
  if (value == null || Number.isNaN(value)) return '–';
  const text = Math.abs(value) >= 1e5 ? bigFormat.format(value) : numberFormat.format(value);
  return percent ? `${text} %` : text;
}

function themeColors() {
  const css = getComputedStyle(document.documentElement);
  const read = (name) => css.getPropertyValue(name).trim();
  return { axis: read('--axis'), grid: read('--grid'), card: read('--card') };
}

function element(tag, attributes = {}, text) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  if (text != null) el.textContent = text;
  return el;
}

export class ChartBoard {
  constructor(container) {
    this.container = container;
    this.cards = new Map();
    this.from = 0;
    this.to = 0;
    this.samples = [];
    this.resizer = new ResizeObserver((entries) => {
      for (const entry of entries) {
        const card = entry.target.card;
        if (card && card.plot) {
          const width = Math.floor(entry.contentRect.width);
          if (width > 0 && width !== card.plot.width) card.plot.setSize({ width, height: HEIGHT });
        }
      }
    });
  }

  /** Creates the cards and series for keys not seen before. */
  ensure(keys) {
    const changed = new Set();
    for (const key of keys) {
      const { group } = groupOf(key);
      let card = this.cards.get(group);
      if (!card) {
        card = this.createCard(group);
        this.cards.set(group, card);
      }
      if (!card.keys.includes(key)) {
        card.keys.push(key);
        card.keys.sort((a, b) => groupOf(a).index - groupOf(b).index);
        changed.add(card);
      }
    }
    for (const card of changed) this.build(card);
    return changed.size > 0;
  }

  createCard(group) {
    const root = element('article', { class: 'card', 'data-chart': group });
    const header = element('header');
    const heading = element('h2', {}, title(group));
    const right = element('span');
    right.append(element('span', { class: 'stale-tag' }, 'stale'), ' ', element('code', {}, group));
    header.append(heading, right);
    const plotEl = element('div', { class: 'plot' });
    const legend = element('table', { class: 'legend' });
    root.append(header, plotEl, legend);
    this.container.append(root);
    const card = { group, root, plotEl, legend, keys: [], plot: null, rows: [], percent: isPercent(group), hoverCell: null };
    plotEl.card = card;
    this.resizer.observe(plotEl);
    return card;
  }

  build(card) {
    if (card.plot) card.plot.destroy();
    const colors = themeColors();
    const single = card.keys.length === 1;
    const cardIndex = [...this.cards.keys()].indexOf(card.group);
    card.root.classList.toggle('wide', card.keys.length > 2);
    card.colors = card.keys.map((_, i) => single
      ? SINGLE_COLORS[cardIndex % SINGLE_COLORS.length]
      : MULTI_COLORS[i % MULTI_COLORS.length]);
    const axis = {
      stroke: colors.axis,
      grid: { stroke: colors.grid, width: 1 },
      ticks: { stroke: colors.grid, width: 1 },
      font: '11px system-ui, sans-serif',
    };
    const options = {
      width: Math.max(200, Math.floor(card.plotEl.clientWidth || 400)),
      height: HEIGHT,
      padding: [10, 10, 0, 0],
      legend: { show: false },
      cursor: {
        sync: { key: SYNC_KEY, setSeries: false },
        drag: { x: false, y: false, setScale: false },
        y: false,
      },
      scales: {
        x: { time: true, range: () => [this.from / 1000, this.to / 1000] },
        y: card.percent ? { range: [0, 100] } : {},
      },
      axes: [
        { ...axis },
        {
          ...axis,
          size: 52,
          values: (u, splits) => splits.map((v) => (card.percent ? `${v}%` : formatAxis(v))),
        },
      ],
      series: [
        {},
        ...card.keys.map((key, i) => ({
          label: seriesLabel(card.group, key),
          stroke: card.colors[i],
          width: 1.75,
          fill: single ? `${card.colors[i]}26` : undefined,
          spanGaps: false,
        })),
      ],
      hooks: { setCursor: [() => this.updateLegend(card)] },
      plugins: [markerPlugin()],
    };
    card.plot = new uPlot(options, this.columns(card), card.plotEl);
    this.buildLegend(card);
  }

  buildLegend(card) {
    card.legend.replaceChildren();
    const head = element('thead');
    const headRow = element('tr');
    card.hoverCell = element('th', {}, 'now');
    headRow.append(element('th', {}, ''), card.hoverCell, element('th', {}, 'min'), element('th', {}, 'max'),
      element('th', {}, 'avg'));
    head.append(headRow);
    const body = element('tbody');
    card.rows = card.keys.map((key, i) => {
      const row = element('tr', { 'data-series': key, title: `${key} — click to hide or show` });
      const name = element('td');
      const swatch = element('span', { class: 'swatch' });
      swatch.style.background = card.colors[i];
      name.append(swatch, seriesLabel(card.group, key));
      const cells = {
        value: element('td', { 'data-role': 'value' }),
        min: element('td', { 'data-role': 'min' }),
        max: element('td', { 'data-role': 'max' }),
        avg: element('td', { 'data-role': 'avg' }),
      };
      row.append(name, cells.value, cells.min, cells.max, cells.avg);
      row.addEventListener('click', () => {
        const shown = card.plot.series[i + 1].show;
        card.plot.setSeries(i + 1, { show: !shown });
        row.classList.toggle('off', shown);
      });
      body.append(row);
      return { key, row, cells };
    });
    card.legend.append(head, body);
    this.updateLegend(card);
  }

  /** Shows the samples (already cut to the window) between from and to (ms). */
  render(samples, from, to) {
    this.samples = samples;
    this.from = from;
    this.to = to;
    const gaps = samples.filter((sample, i) => i > 0 && sample.gap).length;
    for (const card of this.cards.values()) {
      card.plot.setData(this.columns(card));
      card.root.dataset.gaps = String(gaps);
      this.updateLegend(card);
    }
  }

  /** x in seconds; a sample marked as following a gap gets a null point before it, so uPlot breaks the line. */
  columns(card) {
    const xs = [];
    const ys = card.keys.map(() => []);
    let previous = null;
    for (const sample of this.samples) {
      if (sample.gap && previous) {
        xs.push((previous.t + sample.t) / 2000);
        for (const column of ys) column.push(null);
      }
      xs.push(sample.t / 1000);
      card.keys.forEach((key, i) => {
        const value = sample.values[key];
        ys[i].push(value === undefined ? null : value);
      });
      previous = sample;
    }
    return [xs, ...ys];
  }

  updateLegend(card) {
    if (!card.plot || !card.rows.length) return;
    const data = card.plot.data;
    const hovered = card.plot.cursor.idx;
    const hovering = hovered != null && data[0].length > 0;
    card.hoverCell.textContent = hovering ? timeFormat.format(new Date(data[0][hovered] * 1000)) : 'now';
    card.rows.forEach((row, i) => {
      const column = data[i + 1] || [];
      let min = Infinity;
      let max = -Infinity;
      let sum = 0;
      let count = 0;
      let last = null;
      for (const value of column) {
        if (value == null) continue;
        if (value < min) min = value;
        if (value > max) max = value;
        sum += value;
        count += 1;
        last = value;
      }
      const shown = hovering ? column[hovered] : last;
      row.cells.value.textContent = formatValue(shown, card.percent);
      row.cells.min.textContent = count ? formatValue(min, card.percent) : '–';
      row.cells.max.textContent = count ? formatValue(max, card.percent) : '–';
      row.cells.avg.textContent = count ? formatValue(sum / count, card.percent) : '–';
    });
  }

  /** Recreates every chart, e.g. after the theme changed, since uPlot takes its colours once. */
  rebuildAll() {
    for (const card of this.cards.values()) this.build(card);
  }

  /** The keys in the order of the cards and their series, for CSV export. */
  orderedKeys() {
    return [...this.cards.values()].flatMap((card) => card.keys);
  }
}

function formatAxis(value) {
  const abs = Math.abs(value);
  if (abs >= 1e9) return `${+(value / 1e9).toFixed(1)}G`;
  if (abs >= 1e6) return `${+(value / 1e6).toFixed(1)}M`;
  if (abs >= 1e4) return `${+(value / 1e3).toFixed(1)}k`;
  return String(+value.toFixed(2));
}
