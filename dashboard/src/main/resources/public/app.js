// The page: wires the WebSocket, the sample store, the charts, the badge and the controls together.
//
// Samples are not drawn as they arrive: they wait in a queue that is merged into the store once per animation frame
// (every 250 ms while the tab is hidden, when the browser runs no frames), and the charts redraw at most once per
// frame after that. What the page shows (window, zoom range, hidden series, theme) lives in the URL's query, so a
// link opens the same view.
//
// The page keeps the live hour raw, and a window wider than that thinned: such a window is never sent raw, however
// often the live hour was sampled. A page that opens on it joins with ?window=<minutes>&width=<px> and gets the window
// thinned by the server to about two points per pixel (each bucket's minimum and maximum kept); live samples are
// added to that copy, which the page thins again itself when they pile up. The live hour raw is asked for only once
// a window of an hour or less is shown.
import { Store } from './store.js';
import { connect, LIVE_MINUTES } from './connection.js';
import { ChartBoard } from './charts.js';
import { badge, renderStatus } from './status.js';
import { toCsv } from './csv.js';
import { CallsPanel } from './calls.js';
import { setMarkers } from './markers.js';
import { formatTime } from './format.js';
import { thin } from './thin.js';
import { ServerClock, Theme, WindowPicker, oneAtATime, updateQuery } from './page.js';

const TICK_MS = 1000;
const HIDDEN_FLUSH_MS = 250;
const WIDE_REFETCH_MS = 60_000;
const MIN_ZOOM_MS = 50;
// the page's thinned copy of a wide window is thinned again once it holds this many rows per pixel
const WIDE_ROWS_PER_PIXEL = 4;

const store = new Store();
const clock = new ServerClock();
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
  zoom: null,
  zoomStore: null,
  // a window wider than the live hour: {minutes, width, store (null until it arrives), fetchedAt}
  wide: null,
  // the time since which the store holds every sample raw; null until the join's history arrives
  rawSince: null,
  pausedAt: null,
  historyMinutes: null,
  outputKey: '',
  connection: { state: 'connecting' },
  state: null,
};

const board = new ChartBoard(ui.cards, {
  onZoom: (from, to) => zoomTo(from, to),
  onLive: () => backToLive(),
  onHide: () => writeUrl(),
});
const picker = new WindowPicker(ui.windowButtons, () => {
  view.zoom = null;
  view.zoomStore = null;
  showZoomState();
  loadWindow();
  redraw();
});
new Theme(ui.theme, () => board.rebuildAll());

// The zoom range and the hidden series from the link, if it says them.
(function readUrl() {
  const query = new URLSearchParams(location.search);
  const from = Number(query.get('from'));
  const to = Number(query.get('to'));
  if (query.has('from') && query.has('to') && Number.isFinite(from) && Number.isFinite(to) && to > from) {
    view.zoom = { from, to };
  }
  board.hidden = new Set(query.getAll('hide').filter(Boolean));
}());

function writeUrl() {
  updateQuery((query) => {
    if (view.zoom) {
      query.set('from', String(Math.round(view.zoom.from)));
      query.set('to', String(Math.round(view.zoom.to)));
    } else {
      query.delete('from');
      query.delete('to');
    }
    query.delete('hide');
    for (const key of board.hidden) query.append('hide', key);
  });
}

function now() {
  return clock.now();
}

/** A window the live hour cannot show: wider than it, or than what the server keeps in memory for the page. */
function isWide(minutes) {
  return minutes > Math.min(view.historyMinutes ?? LIVE_MINUTES, LIVE_MINUTES);
}

function wideStore() {
  return view.wide && view.wide.minutes === picker.minutes ? view.wide.store : null;
}

/** The newest sample the page has anywhere, queued ones included: what a reconnect asks only for what came after. */
function newestT() {
  const queued = pending.reduce((newest, sample) => Math.max(newest, sample.t), -Infinity);
  const wide = view.wide && view.wide.store ? view.wide.store.lastT() ?? -Infinity : -Infinity;
  const newest = Math.max(store.lastT() ?? -Infinity, wide, queued);
  return newest === -Infinity ? null : newest;
}

// The right edge is never before the newest sample: the clock estimate lags by the frame's travel time.
function range() {
  if (view.zoom) return view.zoom;
  const to = view.pausedAt ?? Math.max(now(), newestT() ?? 0);
  return { from: to - picker.minutes * 60_000, to };
}

function source() {
  if (view.zoom) return view.zoomStore || store;
  return wideStore() || store;
}

function redraw() {
  const { from, to } = range();
  board.show(source(), from, to);
}

function refreshText() {
  const lastT = newestT();
  const b = badge({ connection: view.connection, state: view.state, lastT, now: now() });
  ui.badge.dataset.state = b.state;
  ui.badge.textContent = b.text;
  ui.badge.title = b.detail || '';
  const stale = b.state !== 'live' && lastT != null;
  ui.cards.classList.toggle('stale', stale);
  renderStatus(ui.status, view.state, now());
  const kept = (!view.zoom && wideStore()) || store;
  ui.empty.hidden = kept.count > 0;
  let shown;
  if (view.zoom) {
    const withDate = view.zoom.to - view.zoom.from > 12 * 3_600_000
      || new Date(view.zoom.from).toDateString() !== new Date().toDateString();
    shown = `Zoomed to ${formatTime(view.zoom.from, withDate)} – ${formatTime(view.zoom.to, withDate)}, live updates`
      + ' paused';
  } else {
    const paused = view.pausedAt != null ? ` · paused at ${new Date(view.pausedAt).toLocaleTimeString()}` : '';
    shown = `${picker.describe()}${paused}`;
  }
  const server = view.historyMinutes == null ? '' : ` (server keeps ${view.historyMinutes} min)`;
  ui.windowInfo.textContent = `${shown} · ${kept.count} samples kept${server}`;
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
  store.dropBefore(now() - LIVE_MINUTES * 60_000 - 60_000);
  const wide = view.wide;
  if (wide && wide.store) {
    wide.store.merge(batch);
    wide.store.dropBefore(now() - wide.minutes * 60_000 - 60_000);
    if (wide.store.length > WIDE_ROWS_PER_PIXEL * wide.width) {
      const thinned = new Store();
      thinned.merge(thin(wide.store, (wide.minutes * 60_000) / wide.width));
      wide.store = thinned;
    }
  }
  board.ensure(store.keys);
  if (view.pausedAt == null && !view.zoom) redraw();
  refreshText();
}

async function resync() {
  const since = newestT();
  const response = await fetch(since == null ? '/api/history' : `/api/history?since=${since}`, { cache: 'no-store' });
  if (!response.ok) return;
  const frame = await response.json();
  clock.sync(frame.serverTime);
  addSamples(frame.samples);
}

/**
 * The samples between from and to, thinned to width pixels by the server where width is given; null where it cannot
 * say, or answers with samples outside the range (a server that ignores the parameters).
 */
async function fetchSamples(from, to, width) {
  const query = `from=${Math.floor(from)}&to=${Math.ceil(to)}${width ? `&width=${width}` : ''}`;
  try {
    const response = await fetch(`/api/history?${query}`, { cache: 'no-store' });
    if (!response.ok) return null;
    const frame = await response.json();
    clock.sync(frame.serverTime);
    const samples = Array.isArray(frame.samples) ? frame.samples : [];
    if (samples.some((sample) => sample.t < Math.floor(from) || sample.t > Math.ceil(to))) return null;
    return samples;
  } catch {
    return null;
  }
}

/** The samples between from and to at about two points per pixel, from the server, as a store; null as above. */
async function fetchRange(from, to) {
  const samples = await fetchSamples(from, to, board.plotWidth());
  if (!samples) return null;
  const fetched = new Store();
  fetched.merge(samples);
  return fetched;
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

/** A wide window's thinned samples arrived: they, and the live samples the page has after them, are its store. */
function wideArrived(wide, samples) {
  if (view.wide !== wide) return;
  const fetched = new Store();
  fetched.merge(samples);
  const after = (fetched.lastT() ?? -Infinity) + 1;
  fetched.merge(store.between(after, Infinity));
  fetched.merge(pending.filter((sample) => sample.t >= after));
  wide.store = fetched;
  board.ensure(fetched.keys);
  if (!view.zoom && view.pausedAt == null) redraw();
  refreshText();
  // what the wide window holds now, for tests and benchmarks to wait on
  ui.cards.dataset.wideMinutes = String(wide.minutes);
  ui.cards.dataset.wideSince = String(fetched.firstT() ?? '');
}

/**
 * What the window shown needs: a wide one comes thinned from the server (and, while the server has more before what
 * the page holds, e.g. while it is still loading its history, that part is asked again each minute); a narrow one
 * needs the live hour raw.
 */
function loadWindow() {
  const minutes = picker.minutes;
  if (!isWide(minutes)) {
    view.wide = null;
    loadLiveHour();
    return;
  }
  const wide = view.wide;
  if (wide && wide.minutes === minutes) {
    if (wide.store && Date.now() - wide.fetchedAt >= WIDE_REFETCH_MS) loadWideHead(wide);
    return;
  }
  const width = board.plotWidth();
  const loading = { minutes, width, store: null, fetchedAt: Date.now() };
  view.wide = loading;
  const to = now();
  fetchSamples(to - minutes * 60_000, to, width).then((samples) => {
    if (samples) wideArrived(loading, samples);
  });
}

/** The part of a wide window before the first sample the page has, if the server has it now. */
const loadWideHead = oneAtATime(async (wide) => {
  wide.fetchedAt = Date.now();
  const windowMs = wide.minutes * 60_000;
  const from = now() - windowMs;
  const bucketMs = windowMs / wide.width;
  const first = wide.store.firstT();
  if (first != null && first - from < bucketMs) return;
  const to = first == null ? now() : first - 1;
  const samples = await fetchSamples(from, to, Math.max(1, Math.ceil((to - from) / bucketMs)));
  if (!samples || !samples.length || view.wide !== wide) return;
  wide.store.merge(samples);
  wide.store.dropBefore(now() - windowMs - 60_000);
  board.ensure(wide.store.keys);
  if (!view.zoom && view.pausedAt == null) redraw();
  ui.cards.dataset.wideSince = String(wide.store.firstT() ?? '');
});

/** The live hour raw, where the page joined on a wide window and so has only what came after. */
const loadLiveHour = oneAtATime(async () => {
  const from = now() - LIVE_MINUTES * 60_000;
  const to = view.rawSince;
  if (to == null || to <= from) return;
  const samples = await fetchSamples(from, to, 0);
  if (!samples) return;
  view.rawSince = Math.min(view.rawSince, from);
  addSamples(samples);
});

// The join: a page with samples asks for what came after them; a new one for the live hour raw, or for the wide
// window it shows thinned to the charts' width. The first history frame after a join answers it.
let joining = null;

function joinQuery() {
  const since = newestT();
  if (since != null) {
    joining = { since };
    return { since };
  }
  if (isWide(picker.minutes)) {
    const wide = { minutes: picker.minutes, width: board.plotWidth(), store: null, fetchedAt: Date.now() };
    view.wide = wide;
    joining = { wide };
    return { window: wide.minutes, width: wide.width };
  }
  joining = { rawMinutes: LIVE_MINUTES };
  return { window: LIVE_MINUTES };
}

function onHistory(message) {
  const answered = joining;
  joining = null;
  if (answered && answered.wide) {
    view.rawSince = message.serverTime;
    wideArrived(answered.wide, message.samples);
  } else {
    if (answered && answered.rawMinutes) view.rawSince = message.serverTime - answered.rawMinutes * 60_000;
    addSamples(message.samples);
  }
}

function onMessage(message) {
  switch (message.type) {
    case 'history':
      clock.sync(message.serverTime);
      view.historyMinutes = message.historyMinutes;
      view.outputKey = message.outputKey;
      ui.key.textContent = message.outputKey;
      ui.key.title = message.outputKey;
      document.title = `fnpulse · ${message.outputKey}`;
      ui.empty.textContent = `Waiting for the first value of ${message.outputKey}…`;
      onHistory(message);
      loadWindow();
      break;
    case 'sample':
      addSamples([message.sample]);
      break;
    case 'state':
      clock.sync(message.serverTime);
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
  query: joinQuery,
  onMessage,
  onConnection: (connection) => {
    view.connection = connection;
    refreshText();
  },
});

// Controls
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
  link.download = `fnpulse-${view.outputKey || 'output'}-${picker.minutes}min-${stamp}.csv`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
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
