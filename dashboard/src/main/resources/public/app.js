// The page: wires the WebSocket, the sample store, the charts, the badge and the controls together.
//
// Samples are not drawn as they arrive: they wait in a queue that is merged into the store once per animation frame
// (every 250 ms while the tab is hidden, when the browser runs no frames), and the charts redraw at most once per
// frame after that. What the page shows (window, zoom range, hidden series, theme) lives in the URL's query, so a
// link opens the same view.
import { Store } from '/store.js';
import { connect } from '/connection.js';
import { ChartBoard, formatTime } from '/charts.js';
import { badge, renderStatus } from '/status.js';
import { toCsv } from '/csv.js';
import { CallsPanel } from '/calls.js';
import { setMarkers } from '/markers.js';

const WINDOWS = [1, 5, 15, 60, 360, 1440];
const TICK_MS = 1000;
const HIDDEN_FLUSH_MS = 250;
const WIDE_REFETCH_MS = 60_000;
const MIN_ZOOM_MS = 50;
const THEMES = ['auto', 'light', 'dark'];

const store = new Store();
const calls = new CallsPanel(document.getElementById('calls'));
const ui = {
  badge: document.getElementById('badge'),
  status: document.getElementById('status'),
  cards: document.getElementById('cards'),
  empty: document.getElementById('empty'),
  key: document.getElementById('key'),
  live: document.getElementById('live'),
  pause: document.getElementById('pause'),
  csv: document.getElementById('csv'),
  theme: document.getElementById('theme'),
  windowInfo: document.getElementById('window-info'),
  windowButtons: [...document.querySelectorAll('[data-window]')],
};

const view = {
  windowMinutes: 15,
  zoom: null,
  zoomStore: null,
  wide: null,
  pausedAt: null,
  historyMinutes: 60,
  outputKey: '',
  serverOffset: 0,
  connection: { state: 'connecting' },
  state: null,
  theme: 'auto',
};

const board = new ChartBoard(ui.cards, {
  onZoom: (from, to) => zoomTo(from, to),
  onLive: () => backToLive(),
  onHide: () => writeUrl(),
});

// The view from the link, if it says one.
(function readUrl() {
  const query = new URLSearchParams(location.search);
  const minutes = Number(query.get('window') || localStorage.getItem('fnpulse.window'));
  view.windowMinutes = WINDOWS.includes(minutes) ? minutes : 15;
  const from = Number(query.get('from'));
  const to = Number(query.get('to'));
  if (query.has('from') && query.has('to') && Number.isFinite(from) && Number.isFinite(to) && to > from) {
    view.zoom = { from, to };
  }
  board.hidden = new Set(query.getAll('hide').filter(Boolean));
  const theme = query.get('theme');
  view.theme = THEMES.includes(theme) ? theme : 'auto';
}());

function writeUrl() {
  const query = new URLSearchParams(location.search);
  query.set('window', String(view.windowMinutes));
  if (view.zoom) {
    query.set('from', String(Math.round(view.zoom.from)));
    query.set('to', String(Math.round(view.zoom.to)));
  } else {
    query.delete('from');
    query.delete('to');
  }
  query.delete('hide');
  for (const key of board.hidden) query.append('hide', key);
  if (view.theme === 'auto') query.delete('theme'); else query.set('theme', view.theme);
  const search = query.toString();
  history.replaceState(null, '', `${location.pathname}${search ? `?${search}` : ''}${location.hash}`);
}

/** The server's clock, as far as the page can tell: sample times are server times. */
function now() {
  return Date.now() + view.serverOffset;
}

// The right edge is never before the newest sample: the clock estimate lags by the frame's travel time.
function range() {
  if (view.zoom) return view.zoom;
  const to = view.pausedAt ?? Math.max(now(), store.lastT() ?? 0);
  return { from: to - view.windowMinutes * 60_000, to };
}

function source() {
  if (view.zoom) return view.zoomStore || store;
  if (view.wide && view.wide.minutes === view.windowMinutes && view.wide.store) return view.wide.store;
  return store;
}

function redraw() {
  const { from, to } = range();
  board.show(source(), from, to);
}

function refreshText() {
  const b = badge({ connection: view.connection, state: view.state, lastT: store.lastT(), now: now() });
  ui.badge.dataset.state = b.state;
  ui.badge.textContent = b.text;
  ui.badge.title = b.detail || '';
  const stale = b.state !== 'live' && store.lastT() != null;
  ui.cards.classList.toggle('stale', stale);
  renderStatus(ui.status, view.state, now());
  ui.empty.hidden = store.count > 0;
  let shown;
  if (view.zoom) {
    const withDate = view.zoom.to - view.zoom.from > 12 * 3_600_000
      || new Date(view.zoom.from).toDateString() !== new Date().toDateString();
    shown = `Zoomed to ${formatTime(view.zoom.from, withDate)} – ${formatTime(view.zoom.to, withDate)}, live updates`
      + ' paused';
  } else {
    const paused = view.pausedAt != null ? ` · paused at ${new Date(view.pausedAt).toLocaleTimeString()}` : '';
    shown = `Last ${windowName(view.windowMinutes)}${paused}`;
  }
  ui.windowInfo.textContent = `${shown} · ${store.count} samples kept (server keeps ${view.historyMinutes} min)`;
}

function windowName(minutes) {
  return minutes > 60 && minutes % 60 === 0 ? `${minutes / 60} h` : `${minutes} min`;
}

// Incoming samples wait here until the next frame.
let pending = [];
let flushScheduled = false;

function addSamples(samples) {
  if (!samples.length) return;
  for (const sample of samples) pending.push(sample);
  if (flushScheduled) return;
  flushScheduled = true;
  if (document.hidden) setTimeout(flush, HIDDEN_FLUSH_MS); else requestAnimationFrame(flush);
}

function flush() {
  flushScheduled = false;
  const batch = pending;
  pending = [];
  if (!batch.length) return;
  store.merge(batch);
  store.dropBefore(now() - Math.max(view.historyMinutes, 60) * 60_000 - 60_000);
  if (view.wide && view.wide.store) {
    view.wide.store.merge(batch);
    view.wide.store.dropBefore(now() - view.wide.minutes * 60_000 - 60_000);
  }
  board.ensure(store.keys);
  if (view.pausedAt == null && !view.zoom) redraw();
  refreshText();
}

/** The newest sample the page has, queued ones included, for asking the server only for what came after it. */
function newestT() {
  const queued = pending.reduce((newest, sample) => Math.max(newest, sample.t), -Infinity);
  const newest = Math.max(store.lastT() ?? -Infinity, queued);
  return newest === -Infinity ? null : newest;
}

function syncClock(serverTime) {
  if (typeof serverTime === 'number') view.serverOffset = serverTime - Date.now();
}

async function resync() {
  const since = newestT();
  const response = await fetch(since == null ? '/api/history' : `/api/history?since=${since}`, { cache: 'no-store' });
  if (!response.ok) return;
  const frame = await response.json();
  syncClock(frame.serverTime);
  addSamples(frame.samples);
}

/**
 * The samples between from and to at about two points per pixel, from the server; null where it cannot say, or
 * answers with samples outside the range (a server that ignores the parameters): then the page's own data is shown.
 */
async function fetchRange(from, to) {
  const width = board.plotWidth();
  const query = `from=${Math.floor(from)}&to=${Math.ceil(to)}&width=${width}`;
  try {
    const response = await fetch(`/api/history?${query}`, { cache: 'no-store' });
    if (!response.ok) return null;
    const frame = await response.json();
    const samples = Array.isArray(frame.samples) ? frame.samples : [];
    if (samples.some((sample) => sample.t < Math.floor(from) || sample.t > Math.ceil(to))) return null;
    const fetched = new Store();
    fetched.merge(samples);
    return fetched;
  } catch {
    return null;
  }
}

function zoomTo(from, to) {
  if (!(to > from)) return;
  if (to - from < MIN_ZOOM_MS) {
    const middle = (from + to) / 2;
    from = middle - MIN_ZOOM_MS / 2;
    to = middle + MIN_ZOOM_MS / 2;
  }
  const zoom = { from: Math.round(from), to: Math.round(to) };
  view.zoom = zoom;
  view.zoomStore = null;
  showZoomState();
  redraw();
  fetchRange(zoom.from, zoom.to).then((fetched) => {
    if (view.zoom !== zoom || !fetched) return;
    fetched.merge(store.between(zoom.from, zoom.to).filter((sample) => sample.t > (fetched.lastT() ?? -Infinity)));
    if (!fetched.count) return;
    view.zoomStore = fetched;
    board.ensure(fetched.keys);
    redraw();
  });
}

function backToLive() {
  if (!view.zoom) return;
  view.zoom = null;
  view.zoomStore = null;
  showZoomState();
  redraw();
}

function showZoomState() {
  ui.live.hidden = !view.zoom;
  board.live = !view.zoom;
  document.body.classList.toggle('zoomed', Boolean(view.zoom));
  writeUrl();
  refreshText();
}

/**
 * A window wider than what the server keeps in memory for the page, or than the hour the page keeps itself, is asked
 * of the server at about two points per pixel (and asked again each minute); live samples are added to it as they come.
 */
function loadWindow() {
  const minutes = view.windowMinutes;
  if (minutes <= Math.min(view.historyMinutes, 60)) {
    view.wide = null;
    return;
  }
  if (view.wide && view.wide.minutes === minutes && Date.now() - view.wide.fetchedAt < WIDE_REFETCH_MS) return;
  const kept = view.wide && view.wide.minutes === minutes ? view.wide.store : null;
  const wide = { minutes, fetchedAt: Date.now(), store: kept };
  view.wide = wide;
  fetchRange(now() - minutes * 60_000, now()).then((fetched) => {
    if (view.wide !== wide || !fetched) return;
    fetched.merge(store.between((fetched.lastT() ?? -Infinity) + 1, Infinity));
    wide.store = fetched;
    board.ensure(fetched.keys);
    if (!view.zoom && view.pausedAt == null) redraw();
  });
}

function onMessage(message) {
  switch (message.type) {
    case 'history':
      syncClock(message.serverTime);
      view.historyMinutes = message.historyMinutes;
      view.outputKey = message.outputKey;
      ui.key.textContent = message.outputKey;
      ui.key.title = message.outputKey;
      document.title = `fnpulse · ${message.outputKey}`;
      ui.empty.textContent = `Waiting for the first value of ${message.outputKey}…`;
      addSamples(message.samples);
      loadWindow();
      break;
    case 'sample':
      addSamples([message.sample]);
      break;
    case 'state':
      syncClock(message.serverTime);
      view.state = message.state;
      refreshText();
      break;
    case 'calls':
      calls.add(message.calls);
      break;
    case 'markers':
      setMarkers(message.markers);
      redraw();
      break;
    case 'resync':
      resync().catch(() => {});
      break;
    default:
      break;
  }
}

connect({
  since: newestT,
  onMessage,
  onConnection: (connection) => {
    view.connection = connection;
    refreshText();
  },
});

// Controls
function showWindow() {
  for (const button of ui.windowButtons) {
    button.setAttribute('aria-pressed', String(Number(button.dataset.window) === view.windowMinutes));
  }
}
for (const button of ui.windowButtons) {
  button.addEventListener('click', () => {
    view.windowMinutes = Number(button.dataset.window);
    localStorage.setItem('fnpulse.window', String(view.windowMinutes));
    view.zoom = null;
    view.zoomStore = null;
    showWindow();
    showZoomState();
    loadWindow();
    redraw();
  });
}
showWindow();

ui.live.addEventListener('click', () => backToLive());
document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && view.zoom) backToLive();
});

ui.pause.addEventListener('click', () => {
  view.pausedAt = view.pausedAt == null ? now() : null;
  ui.pause.setAttribute('aria-pressed', String(view.pausedAt != null));
  ui.pause.textContent = view.pausedAt == null ? 'Pause' : 'Resume';
  redraw();
  refreshText();
});

ui.csv.addEventListener('click', () => {
  const { from, to } = range();
  const csv = toCsv(source().between(from, to), board.orderedKeys());
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
  const stamp = new Date(to).toISOString().replace(/[:.]/g, '-');
  link.download = `fnpulse-${view.outputKey || 'output'}-${view.windowMinutes}min-${stamp}.csv`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
});

// Theme: follows prefers-color-scheme unless the toggle (or the link) picked light or dark.
const systemDark = matchMedia('(prefers-color-scheme: dark)');
function applyTheme() {
  if (view.theme === 'auto') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = view.theme;
  ui.theme.textContent = view.theme === 'auto' ? 'Auto' : view.theme === 'light' ? 'Light' : 'Dark';
  ui.theme.setAttribute('aria-label', `Theme: ${ui.theme.textContent}`);
  board.rebuildAll();
}
applyTheme();
ui.theme.addEventListener('click', () => {
  view.theme = THEMES[(THEMES.indexOf(view.theme) + 1) % THEMES.length];
  applyTheme();
  writeUrl();
});
systemDark.addEventListener('change', () => {
  if (view.theme === 'auto') applyTheme();
});

if (view.zoom) {
  const { from, to } = view.zoom;
  view.zoom = null;
  zoomTo(from, to);
} else {
  showZoomState();
}

// The window slides and the "for … s" texts count even when no sample arrives.
let ticks = 0;
setInterval(() => {
  ticks += 1;
  if (view.pausedAt == null && !view.zoom && ticks % 5 === 0) {
    loadWindow();
    redraw();
  }
  refreshText();
}, TICK_MS);
