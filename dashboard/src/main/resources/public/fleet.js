// The fleet page: the host picker, the overview (one small chart per metric, a line per host, the worst hosts
// listed first) and one host's charts, drawn by the single-host page's own ChartBoard, one board at a time. The URL
// holds the selection (?host=<suffix>), the window and the theme; back and forward move between selections.
import uPlot from './webjars/uplot/1.6.30/dist/uPlot.esm.js';
import { Store } from './store.js';
import { ChartBoard } from './charts.js';
import { title, isPercent, formatValue } from './format.js';
import { renderStatus } from './status.js';
import { ServerClock, Theme, WindowPicker, oneAtATime, chartColors, axisStyle } from './page.js';

const HOSTS_EVERY_MS = 2_000;
const OVERVIEW_EVERY_MS = 5_000;
const HOST_MINUTES = 60;
const WORST_SHOWN = 5;
const HEIGHT = 150;

const ui = {
  key: document.getElementById('key'),
  badge: document.getElementById('badge'),
  notice: document.getElementById('notice'),
  picker: document.getElementById('host-picker'),
  overviewView: document.getElementById('overview-view'),
  overview: document.getElementById('overview'),
  overviewEmpty: document.getElementById('overview-empty'),
  hostView: document.getElementById('host-view'),
  hostName: document.getElementById('host-name'),
  cards: document.getElementById('cards'),
  status: document.getElementById('status'),
  hostProblem: document.getElementById('host-problem'),
  empty: document.getElementById('empty'),
  back: document.getElementById('back'),
  theme: document.getElementById('theme'),
  windowInfo: document.getElementById('window-info'),
  windowButtons: [...document.querySelectorAll('[data-window]')],
};

const view = {
  host: selectedInUrl(),
  hosts: [],
  pollIntervalMs: 2_500,
  reached: null,
};
const clock = new ServerClock();
const picker = new WindowPicker(ui.windowButtons, () => {
  ui.windowInfo.textContent = picker.describe();
  if (view.host) drawHost(); else refreshOverview();
});
// the charts take their colours once: a new theme redraws them
new Theme(ui.theme, () => {
  for (const card of overviewCards.values()) redrawOverviewCard(card);
  if (board) board.rebuildAll();
});

function selectedInUrl() {
  return new URLSearchParams(location.search).get('host') || null;
}

function now() {
  return clock.now();
}

async function getJson(url) {
  const response = await fetch(url, { cache: 'no-store' });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const body = await response.json();
  clock.sync(body.serverTime);
  return body;
}

// The host list and picker
const refreshHosts = oneAtATime(async () => {
  let answer;
  try {
    answer = await getJson('/api/hosts');
  } catch {
    showBadge('offline', 'dashboard unreachable');
    return;
  }
  view.reached = Date.now();
  view.pollIntervalMs = answer.pollIntervalMs;
  ui.key.textContent = answer.pattern;
  document.title = `fnpulse fleet · ${answer.pattern}`;
  view.hosts = answer.hosts;
  const names = answer.hosts.map((h) => h.host);
  const options = [...ui.picker.options].slice(1).map((o) => o.value);
  if (names.join('\n') !== options.join('\n')) {
    const keep = ui.picker.options[0];
    ui.picker.replaceChildren(keep, ...names.map((name) => new Option(name, name)));
    if (view.host && !names.includes(view.host)) {
      ui.picker.append(new Option(`${view.host} (not found)`, view.host));
    }
  }
  ui.picker.value = view.host ?? '';
  // a count, not the single-host page's "live": that badge's colours are for its live state
  if (answer.redisProblem) showBadge('down', `Redis: ${answer.redisProblem}`);
  else showBadge('hosts', `${names.length} host${names.length === 1 ? '' : 's'}`);
  const notes = [];
  if (answer.capped) notes.push(`More hosts match ${answer.pattern} than MAX_HOSTS=${answer.maxHosts}; the first ${answer.maxHosts} by name are shown.`);
  if (view.host && !names.includes(view.host) && answer.scanned) notes.push(`No host ${view.host} matches ${answer.pattern} now.`);
  ui.notice.hidden = notes.length === 0;
  ui.notice.textContent = notes.join(' ');
  ui.overviewEmpty.hidden = names.length > 0;
  ui.overviewEmpty.textContent = answer.scanned ? `No host matches ${answer.pattern} yet…` : 'Waiting for the first scan…';
});

function showBadge(state, text) {
  ui.badge.dataset.state = state;
  ui.badge.textContent = text;
}

// The overview: a card per metric
const overviewCards = new Map();
const overviewResizer = new ResizeObserver((entries) => {
  for (const entry of entries) {
    const card = entry.target.card;
    const width = Math.floor(entry.contentRect.width);
    if (card && card.plot && width > 0 && width !== card.plot.width) card.plot.setSize({ width, height: HEIGHT });
  }
});

function hostColor(rank) {
  return `hsl(${Math.round((rank * 137.508) % 360)} 65% 50%)`;
}

// One request at a time, as for a host: a slow answer must not pile up requests behind it. An answer for a window
// no longer shown is dropped and the one shown asked for at once.
const refreshOverview = oneAtATime(async () => {
  if (view.host) return;
  const minutes = picker.minutes;
  let answer;
  try {
    answer = await getJson(`/api/fleet?minutes=${minutes}`);
  } catch {
    return;
  }
  if (view.host) return;
  if (minutes !== picker.minutes) {
    setTimeout(refreshOverview);
    return;
  }
  const xs = answer.x.map((t) => t / 1000);
  const seen = new Set();
  for (const metric of answer.metrics) {
    seen.add(metric.metric);
    let card = overviewCards.get(metric.metric);
    if (!card) {
      card = createOverviewCard(metric.metric);
      overviewCards.set(metric.metric, card);
    }
    renderOverviewCard(card, metric, xs, answer.from, answer.to);
  }
  for (const [name, card] of overviewCards) {
    if (!seen.has(name)) {
      if (card.plot) card.plot.destroy();
      overviewResizer.unobserve(card.plotEl);
      card.root.remove();
      overviewCards.delete(name);
    }
  }
});

function createOverviewCard(metric) {
  const root = document.createElement('article');
  root.className = 'card fleet-card';
  root.dataset.metric = metric;
  const header = document.createElement('header');
  const heading = document.createElement('h2');
  heading.textContent = title(metric);
  const code = document.createElement('code');
  code.textContent = metric;
  header.append(heading, code);
  const plotEl = document.createElement('div');
  plotEl.className = 'plot';
  const worst = document.createElement('ol');
  worst.className = 'worst';
  worst.setAttribute('aria-label', `Worst hosts for ${title(metric)}, highest first`);
  root.append(header, plotEl, worst);
  ui.overview.append(root);
  const card = { metric, root, plotEl, worst, plot: null, order: '', percent: isPercent(metric), shown: null };
  plotEl.card = card;
  overviewResizer.observe(plotEl);
  return card;
}

/** Builds the card's chart anew (in the theme's colours now) from what it shows. */
function redrawOverviewCard(card) {
  card.order = '';
  if (card.shown) renderOverviewCard(card, ...card.shown);
}

function renderOverviewCard(card, metric, xs, from, to) {
  card.shown = [metric, xs, from, to];
  const order = metric.lines.map((l) => l.host).join('\n');
  const data = [xs, ...metric.lines.map((l) => {
    const column = new Array(xs.length).fill(null);
    l.values.forEach((v, i) => { column[l.start + i] = v; });
    return column;
  })];
  card.range = [from / 1000, to / 1000];
  if (!card.plot || card.order !== order) {
    if (card.plot) card.plot.destroy();
    card.order = order;
    const axis = axisStyle(chartColors());
    card.plot = new uPlot({
      width: Math.max(200, Math.floor(card.plotEl.clientWidth || 400)),
      height: HEIGHT,
      padding: [8, 8, 0, 0],
      legend: { show: false },
      cursor: { drag: { x: false, y: false, setScale: false }, y: false },
      scales: {
        x: { time: true, range: () => card.range },
        y: card.percent ? { range: [0, 100] } : {},
      },
      axes: [{ ...axis }, { ...axis, size: 48 }],
      series: [{}, ...metric.lines.map((line, rank) => ({
        label: line.host,
        stroke: hostColor(rank),
        width: rank < WORST_SHOWN ? 2 : 1,
        spanGaps: true,
      }))],
    }, data, card.plotEl);
  } else {
    card.plot.setData(data);
  }
  card.root.dataset.lines = String(card.plot.series.length - 1); // the lines uPlot draws
  card.root.dataset.worst = metric.lines.length ? metric.lines[0].host : '';
  card.worst.replaceChildren(...metric.lines.slice(0, WORST_SHOWN).map((line, rank) => {
    const item = document.createElement('li');
    item.dataset.host = line.host;
    const pick = document.createElement('button');
    pick.type = 'button';
    pick.className = 'link';
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.background = hostColor(rank); // the line's colour beside the name; the text keeps its contrast
    pick.append(swatch, line.host);
    pick.addEventListener('click', () => select(line.host));
    const value = document.createElement('span');
    value.className = 'value';
    value.textContent = formatValue(line.current, card.percent);
    item.append(pick, value);
    return item;
  }));
}

// One host: the single-host charts, fed from the host's samples on the server
let hostStore = new Store();
let board = null;

const refreshHost = oneAtATime(async () => {
  if (!view.host) return;
  const host = view.host;
  const shown = board;
  try {
    const since = hostStore.lastT();
    const query = since == null ? '' : `&since=${since}`;
    const frame = await getJson(`/api/fleet/host?host=${encodeURIComponent(host)}${query}`);
    if (host !== view.host || shown !== board) {
      setTimeout(refreshHost); // the host picked meanwhile, at once
      return;
    }
    hostStore.merge(frame.samples);
    hostStore.dropBefore(now() - HOST_MINUTES * 60_000);
    board.ensure(hostStore.keys);
    drawHost();
    renderStatus(ui.status, frame.state, now());
    const problems = [frame.state.problem, frame.state.statusProblem && frame.state.statusProblem.message]
      .filter(Boolean);
    ui.hostProblem.hidden = problems.length === 0;
    ui.hostProblem.textContent = problems.join(' · ');
  } catch {
    // an unknown host is named in the notice by the host list's refresh
  }
});

function drawHost() {
  const to = Math.max(now(), hostStore.lastT() ?? 0);
  const from = to - picker.minutes * 60_000;
  board.show(hostStore, from, to);
  ui.empty.hidden = hostStore.count > 0;
}

// Selection, kept in the URL
function show() {
  const host = view.host;
  ui.picker.value = host ?? '';
  ui.overviewView.hidden = host != null;
  ui.hostView.hidden = host == null;
  // one host's board at a time: the one shown before goes, charts, observers and listeners with it
  if (board) board.destroy();
  board = null;
  hostStore = new Store();
  if (host != null) {
    ui.hostName.textContent = host;
    ui.status.hidden = true;
    ui.hostProblem.hidden = true;
    board = new ChartBoard(ui.cards);
    ui.empty.textContent = `Waiting for the first value of ${host}…`;
    ui.empty.hidden = false;
    refreshHost();
  } else {
    refreshOverview();
  }
  ui.windowInfo.textContent = picker.describe();
}

function select(host) {
  view.host = host || null;
  const url = new URL(location.href);
  if (view.host) url.searchParams.set('host', view.host); else url.searchParams.delete('host');
  history.pushState({ host: view.host }, '', url);
  show();
}

ui.picker.addEventListener('change', () => select(ui.picker.value));
ui.back.addEventListener('click', () => select(null));
window.addEventListener('popstate', () => {
  view.host = selectedInUrl();
  show();
});

refreshHosts();
show();
setInterval(refreshHosts, HOSTS_EVERY_MS);
setInterval(refreshOverview, OVERVIEW_EVERY_MS);
// One host's charts follow its samples at the dashboard's poll interval, the window slides meanwhile.
function followHost() {
  if (view.host) refreshHost();
  setTimeout(followHost, Math.max(500, view.pollIntervalMs));
}
followHost();
