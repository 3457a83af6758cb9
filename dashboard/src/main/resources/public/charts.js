// One card per metric: a key "name-N" is series N of the chart "name", any other key is a chart of its own.
// Each card has a uPlot line chart, a legend table with value, min, max and average over the visible range, and a
// table view of the same numbers; hovering one chart moves the cursor on all of them (uPlot cursor sync).
//
// Drawing is done once per animation frame at most, and only for the cards on screen in a visible tab: the page
// may receive far more samples per second than it can draw, and a chart nobody sees costs nothing until it is seen.
import uPlot from './webjars/uplot/1.6.30/dist/uPlot.esm.js';
import { markerPlugin } from './markers.js';
import { SAMPLE, BREAK } from './store.js';
import { groupOf, isPercent, title, seriesLabel, formatValue, formatAxis, formatTime } from './format.js';
import { chartColors, axisStyle } from './page.js';

const SYNC_KEY = 'fnpulse';
// One dash pattern per series, so that lines can be told apart without colour (the colours come from the theme).
const DASHES = [[], [8, 4], [2, 3], [10, 3, 2, 3], [4, 4], [12, 3, 2, 3, 2, 3], [1, 5]];
const HEIGHT = 210;
const TABLE_ROWS = 500;
const KEY_STEP = { zoom: 0.5, pan: 0.25 };

function element(tag, attributes = {}, text) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  if (text != null) el.textContent = text;
  return el;
}

/** The legend's sample of a series: its colour and dash pattern, drawn as the chart draws it. */
function swatch(color, dash) {
  const canvas = element('canvas', { class: 'swatch', width: '22', height: '10', 'aria-hidden': 'true' });
  const ctx = canvas.getContext('2d');
  ctx.strokeStyle = color;
  ctx.lineWidth = 2.5;
  ctx.setLineDash(dash);
  ctx.beginPath();
  ctx.moveTo(0, 5);
  ctx.lineTo(22, 5);
  ctx.stroke();
  return canvas;
}

export class ChartBoard {
  /**
   * onZoom(from, to) when a chart asks for a range (drag, +/- or arrow keys), onLive() when it asks to go back to
   * live (double-click, Escape), onHide(hiddenKeys) when a series is shown or hidden. plugins(card) gives the uPlot
   * plugins of a card's chart.
   */
  constructor(container, { onZoom = () => {}, onLive = () => {}, onHide = () => {}, plugins = () => [] } = {}) {
    this.container = container;
    this.onZoom = onZoom;
    this.onLive = onLive;
    this.onHide = onHide;
    this.plugins = plugins;
    this.cards = new Map();
    this.hidden = new Set();
    this.live = true;
    this.source = null;
    this.from = 0;
    this.to = 0;
    this.frame = 0;
    this.frames = 0;
    this.resizer = new ResizeObserver((entries) => {
      for (const entry of entries) {
        const card = entry.target.card;
        if (card && card.plot) {
          const width = Math.floor(entry.contentRect.width);
          if (width > 0 && width !== card.plot.width) card.plot.setSize({ width, height: HEIGHT });
        }
      }
    });
    this.viewport = new IntersectionObserver((entries) => {
      for (const entry of entries) {
        const card = entry.target.card;
        card.visible = entry.isIntersecting;
        if (card.visible && card.dirty) this.schedule();
      }
    }, { rootMargin: '200px 0px' });
    this.onVisible = () => {
      if (!document.hidden) this.schedule();
    };
    document.addEventListener('visibilitychange', this.onVisible);
    this.destroyed = false;
  }

  /**
   * Takes the board off the page for good, as uPlot's own destroy() does for a chart: every chart (and so its place in
   * the cursor-sync group), card, observer, listener and pending frame the board made goes with it.
   */
  destroy() {
    this.destroyed = true;
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.resizer.disconnect();
    this.viewport.disconnect();
    document.removeEventListener('visibilitychange', this.onVisible);
    for (const card of this.cards.values()) {
      if (card.plot) card.plot.destroy();
      card.plot = null;
      card.root.remove();
    }
    this.cards.clear();
    this.source = null;
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
      if (!card.keySet.has(key)) {
        card.keySet.add(key);
        card.keys.push(key);
        card.keys.sort((a, b) => groupOf(a).index - groupOf(b).index);
        changed.add(card);
      }
    }
    for (const card of changed) this.build(card);
    return changed.size > 0;
  }

  createCard(group) {
    const name = title(group);
    const root = element('article', { class: 'card', 'data-chart': group });
    const header = element('header');
    const heading = element('h2', { title: name }, name);
    const right = element('span', { class: 'tools' });
    const tableButton = element('button', { type: 'button', class: 'table-toggle', 'aria-expanded': 'false',
      'aria-label': `Table view of ${name}` }, 'Table');
    right.append(element('span', { class: 'stale-tag' }, 'stale'), element('code', { title: group }, group),
      tableButton);
    header.append(heading, right);
    const plotEl = element('div', {
      class: 'plot',
      tabindex: '0',
      role: 'group',
      'aria-roledescription': 'chart',
      'aria-label': `${name} chart. Drag or press + and − to zoom, arrow keys to pan, Escape to go back to live.`,
    });
    const legend = element('table', { class: 'legend', 'aria-label': `${name}: values` });
    // a scrolling region: focusable, so the keyboard can scroll it, and named for screen readers
    const tableBox = element('div', { class: 'table-view', hidden: '', tabindex: '0', role: 'region',
      'aria-label': `${name}: the samples as a table` });
    tableBox.id = `table-${this.cards.size}`;
    tableButton.setAttribute('aria-controls', tableBox.id);
    root.append(header, plotEl, legend, tableBox);
    this.container.append(root);
    const card = {
      group, name, root, plotEl, legend, tableBox, tableButton, keys: [], keySet: new Set(), plot: null, rows: [],
      percent: isPercent(group), hoverCell: null, visible: true, dirty: true, stats: [],
    };
    root.card = card;
    plotEl.card = card;
    tableButton.addEventListener('click', () => {
      const open = tableBox.hidden;
      tableBox.hidden = !open;
      tableButton.setAttribute('aria-expanded', String(open));
      if (open) this.fillTable(card);
    });
    plotEl.addEventListener('dblclick', () => this.onLive());
    plotEl.addEventListener('keydown', (event) => this.onKey(event));
    this.resizer.observe(plotEl);
    this.viewport.observe(root);
    return card;
  }

  onKey(event) {
    const span = this.to - this.from;
    const middle = (this.from + this.to) / 2;
    let range = null;
    switch (event.key) {
      case '+':
      case '=':
        // from live, zoom in on the newest samples; once zoomed, on the middle of the range
        range = this.live
          ? [this.to - span * KEY_STEP.zoom, this.to]
          : [middle - (span * KEY_STEP.zoom) / 2, middle + (span * KEY_STEP.zoom) / 2];
        break;
      case '-':
      case '_':
        range = [middle - span, middle + span];
        break;
      case 'ArrowLeft':
        range = [this.from - span * KEY_STEP.pan, this.to - span * KEY_STEP.pan];
        break;
      case 'ArrowRight':
        range = [this.from + span * KEY_STEP.pan, this.to + span * KEY_STEP.pan];
        break;
      case 'Escape':
        this.onLive();
        event.preventDefault();
        return;
      default:
        return;
    }
    event.preventDefault();
    this.onZoom(Math.round(range[0]), Math.round(range[1]));
  }

  build(card) {
    if (card.plot) card.plot.destroy();
    const colors = chartColors();
    const palette = colors.series.length ? colors.series : ['#0072B2'];
    const single = card.keys.length === 1;
    const cardIndex = [...this.cards.keys()].indexOf(card.group);
    card.root.classList.toggle('wide', card.keys.length > 2);
    card.colors = card.keys.map((_, i) => palette[(single ? cardIndex : i) % palette.length]);
    card.dashes = card.keys.map((_, i) => (single ? [] : DASHES[(i + Math.floor(i / palette.length)) % DASHES.length]));
    const axis = axisStyle(colors);
    const options = {
      ms: 1,
      width: Math.max(200, Math.floor(card.plotEl.clientWidth || 400)),
      height: HEIGHT,
      padding: [10, 10, 0, 0],
      legend: { show: false },
      cursor: {
        sync: { key: SYNC_KEY, setSeries: false },
        drag: { x: true, y: false, setScale: false },
        y: false,
      },
      select: { show: true },
      scales: {
        x: { time: true, range: () => [this.from, this.to] },
        y: card.percent ? { range: [0, 100] } : {},
      },
      axes: [
        { ...axis },
        {
          ...axis,
          size: 56,
          values: (u, splits) => splits.map((v) => (card.percent ? `${v}%` : formatAxis(v))),
        },
      ],
      series: [
        {},
        ...card.keys.map((key, i) => ({
          label: seriesLabel(card.group, key),
          stroke: card.colors[i],
          dash: card.dashes[i],
          width: 1.75,
          fill: single ? `${card.colors[i]}26` : undefined,
          spanGaps: false,
          show: !this.hidden.has(key),
        })),
      ],
      hooks: {
        setCursor: [() => this.updateHover(card)],
        setSelect: [(u) => this.selected(u)],
      },
      plugins: [markerPlugin(), ...this.plugins(card)],
    };
    card.plot = new uPlot(options, this.columns(card), card.plotEl);
    card.plot.over.setAttribute('aria-hidden', 'true');
    this.buildLegend(card);
  }

  selected(u) {
    const { left, width } = u.select;
    if (width < 3) return;
    const from = u.posToVal(left, 'x');
    const to = u.posToVal(left + width, 'x');
    u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
    this.onZoom(Math.round(from), Math.round(to));
  }

  buildLegend(card) {
    card.legend.replaceChildren();
    const head = element('thead');
    const headRow = element('tr');
    card.hoverCell = element('th', { scope: 'col' }, 'now');
    headRow.append(element('th', { scope: 'col' }, 'series'), card.hoverCell, element('th', { scope: 'col' }, 'min'),
      element('th', { scope: 'col' }, 'max'), element('th', { scope: 'col' }, 'avg'));
    head.append(headRow);
    const body = element('tbody');
    card.rows = card.keys.map((key, i) => {
      const row = element('tr', { 'data-series': key });
      const name = element('th', { scope: 'row' });
      const toggle = element('button', { type: 'button', class: 'series-toggle', title: `${key}: show or hide`,
        'aria-pressed': String(!this.hidden.has(key)) });
      toggle.append(swatch(card.colors[i], card.dashes[i]), seriesLabel(card.group, key));
      name.append(toggle);
      const cells = {
        value: element('td', { 'data-role': 'value' }),
        min: element('td', { 'data-role': 'min' }),
        max: element('td', { 'data-role': 'max' }),
        avg: element('td', { 'data-role': 'avg' }),
      };
      row.classList.toggle('off', this.hidden.has(key));
      row.append(name, cells.value, cells.min, cells.max, cells.avg);
      toggle.addEventListener('click', () => this.setHidden(key, !this.hidden.has(key)));
      body.append(row);
      return { key, row, toggle, cells };
    });
    card.legend.append(head, body);
    this.updateLegend(card);
  }

  setHidden(key, hidden) {
    if (hidden) this.hidden.add(key); else this.hidden.delete(key);
    const card = this.cards.get(groupOf(key).group);
    if (card) {
      const i = card.keys.indexOf(key);
      if (i >= 0) {
        card.plot.setSeries(i + 1, { show: !hidden });
        card.rows[i].row.classList.toggle('off', hidden);
        card.rows[i].toggle.setAttribute('aria-pressed', String(!hidden));
      }
    }
    this.onHide([...this.hidden]);
  }

  /** The keys given are hidden, every other shown (from a link). */
  hideOnly(keys) {
    this.hidden = new Set(keys);
    for (const card of this.cards.values()) {
      card.keys.forEach((key, i) => {
        const hidden = this.hidden.has(key);
        if (card.plot.series[i + 1].show === hidden) card.plot.setSeries(i + 1, { show: !hidden });
        card.rows[i].row.classList.toggle('off', hidden);
        card.rows[i].toggle.setAttribute('aria-pressed', String(!hidden));
      });
    }
  }

  /** Shows source's rows between from and to (ms): on the next animation frame, for the cards that are seen. */
  show(source, from, to) {
    this.source = source;
    this.from = from;
    this.to = to;
    for (const card of this.cards.values()) card.dirty = true;
    this.schedule();
  }

  schedule() {
    if (this.frame || document.hidden || this.destroyed) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  draw() {
    this.frames += 1;
    const gaps = this.countBreaks();
    for (const card of this.cards.values()) {
      card.root.dataset.gaps = String(gaps);
      if (!card.dirty || !card.visible) continue;
      card.dirty = false;
      try {
        card.plot.setData(this.columns(card));
        card.root.dataset.drawnT = String(this.drawnT);
        this.updateLegend(card);
        if (!card.tableBox.hidden) this.fillTable(card);
      } catch (error) {
        // one chart that cannot be drawn must not keep the others from being drawn
        console.error(`chart ${card.group}:`, error);
      }
    }
  }

  countBreaks() {
    const source = this.source;
    if (!source) return 0;
    const [i0, i1] = source.rows(this.from, this.to);
    let gaps = 0;
    for (let i = i0; i < i1; i += 1) if (source.kind[i] === BREAK) gaps += 1;
    return gaps;
  }

  /**
   * The time column is a view of the store's (no copy); uPlot breaks lines only at null, so each value column is
   * copied with NaN made null. The legend's numbers are taken in the same pass.
   */
  columns(card) {
    const source = this.source;
    if (!source) {
      card.stats = card.keys.map(() => null);
      return [[], ...card.keys.map(() => [])];
    }
    const [i0, i1] = source.rows(this.from, this.to);
    this.drawnT = i1 > i0 ? source.t[i1 - 1] : '';
    const xs = source.t.subarray(i0, i1);
    card.stats = [];
    const ys = card.keys.map((key) => {
      const column = source.columns.get(key);
      const ys = new Array(i1 - i0);
      let min = Infinity;
      let max = -Infinity;
      let sum = 0;
      let count = 0;
      let last = null;
      for (let i = i0; i < i1; i += 1) {
        const value = column ? column[i] : NaN;
        if (value !== value) {
          ys[i - i0] = null;
        } else {
          ys[i - i0] = value;
          if (value < min) min = value;
          if (value > max) max = value;
          sum += value;
          count += 1;
          last = value;
        }
      }
      card.stats.push(count ? { min, max, avg: sum / count, last } : null);
      return ys;
    });
    return [xs, ...ys];
  }

  updateLegend(card) {
    card.rows.forEach((row, i) => {
      const stats = card.stats[i];
      row.cells.min.textContent = stats ? formatValue(stats.min, card.percent) : '–';
      row.cells.max.textContent = stats ? formatValue(stats.max, card.percent) : '–';
      row.cells.avg.textContent = stats ? formatValue(stats.avg, card.percent) : '–';
    });
    this.updateHover(card);
  }

  updateHover(card) {
    if (!card.plot || !card.rows.length) return;
    const data = card.plot.data;
    const hovered = card.plot.cursor.idx;
    // a cursor synced from another chart can point past this chart's data
    const hovering = hovered != null && hovered < data[0].length;
    card.hoverCell.textContent = hovering ? formatTime(data[0][hovered]) : 'now';
    card.rows.forEach((row, i) => {
      const stats = card.stats[i];
      const shown = hovering ? data[i + 1][hovered] : stats && stats.last;
      row.cells.value.textContent = formatValue(shown, card.percent);
    });
  }

  /** The table view: the samples of the shown range, newest first, as a real table. */
  fillTable(card) {
    const source = this.source;
    const rows = [];
    if (source) {
      const [i0, i1] = source.rows(this.from, this.to);
      for (let i = i1 - 1; i >= i0 && rows.length < TABLE_ROWS; i -= 1) if (source.kind[i] === SAMPLE) rows.push(i);
    }
    const longRange = this.to - this.from > 12 * 3_600_000;
    const table = element('table', { class: 'data' });
    const shown = rows.length
      ? `${rows.length}${rows.length === TABLE_ROWS ? ' newest' : ''} samples from ${formatTime(source.t[rows[rows.length - 1]], longRange)} to ${formatTime(source.t[rows[0]], longRange)}`
      : 'no samples in this range';
    table.append(element('caption', {}, `${card.name}: ${shown}`));
    const head = element('thead');
    const headRow = element('tr');
    headRow.append(element('th', { scope: 'col' }, 'time'));
    for (const key of card.keys) headRow.append(element('th', { scope: 'col', title: key }, seriesLabel(card.group, key)));
    head.append(headRow);
    const body = element('tbody');
    for (const i of rows) {
      const row = element('tr');
      row.append(element('th', { scope: 'row' }, formatTime(source.t[i], longRange)));
      for (const key of card.keys) {
        const column = source.columns.get(key);
        row.append(element('td', {}, formatValue(column ? column[i] : NaN, card.percent)));
      }
      body.append(row);
    }
    table.append(head, body);
    card.tableBox.replaceChildren(table);
  }

  /** Recreates every chart, e.g. after the theme changed, since uPlot takes its colours once. */
  rebuildAll() {
    for (const card of this.cards.values()) {
      this.build(card);
      card.dirty = true;
    }
    this.schedule();
  }

  /** The width of a chart's plotting area in CSS pixels, for asking the server for about that many points. */
  plotWidth() {
    const card = this.cards.values().next().value;
    return Math.max(100, Math.round(card && card.plot ? card.plot.bbox.width / devicePixelRatio : this.container.clientWidth));
  }

  /** The keys in the order of the cards and their series, for CSV export. */
  orderedKeys() {
    return [...this.cards.values()].flatMap((card) => card.keys);
  }
}
