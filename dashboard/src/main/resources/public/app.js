// The page: wires the WebSocket, the sample store, the charts, the badge and the controls together.
import { Store } from '/store.js';
import { connect } from '/connection.js';
import { ChartBoard } from '/charts.js';
import { badge, renderStatus } from '/status.js';
import { toCsv } from '/csv.js';
import { CallsPanel } from '/calls.js';
import { setMarkers } from '/markers.js';

const WINDOWS = [1, 5, 15, 60];
const TICK_MS = 1000;

const store = new Store();
const board = new ChartBoard(document.getElementById('cards'));
const calls = new CallsPanel(document.getElementById('calls'));
const ui = {
  badge: document.getElementById('badge'),
  status: document.getElementById('status'),
  cards: document.getElementById('cards'),
  empty: document.getElementById('empty'),
  key: document.getElementById('key'),
  pause: document.getElementById('pause'),
  csv: document.getElementById('csv'),
  theme: document.getElementById('theme'),
  windowInfo: document.getElementById('window-info'),
  windowButtons: [...document.querySelectorAll('[data-window]')],
};

const view = {
  windowMinutes: Number(localStorage.getItem('fnpulse.window')) || 15,
  pausedAt: null,
  historyMinutes: 60,
  outputKey: '',
  serverOffset: 0,
  connection: { state: 'connecting' },
  state: null,
};
if (!WINDOWS.includes(view.windowMinutes)) view.windowMinutes = 15;

/** The server's clock, as far as the page can tell: sample times are server times. */
function now() {
  return Date.now() + view.serverOffset;
}

// The right edge is never before the newest sample: the clock estimate lags by the frame's travel time.
function range() {
  const to = view.pausedAt ?? Math.max(now(), store.lastT() ?? 0);
  return { from: to - view.windowMinutes * 60_000, to };
}

function redraw() {
  const { from, to } = range();
  board.render(store.between(from, to), from, to);
}

function refreshText() {
  const b = badge({ connection: view.connection, state: view.state, lastT: store.lastT(), now: now() });
  ui.badge.dataset.state = b.state;
  ui.badge.textContent = b.text;
  ui.badge.title = b.detail || '';
  const stale = b.state !== 'live' && store.lastT() != null;
  ui.cards.classList.toggle('stale', stale);
  renderStatus(ui.status, view.state, now());
  ui.empty.hidden = store.samples.length > 0;
  const paused = view.pausedAt != null ? ` · paused at ${new Date(view.pausedAt).toLocaleTimeString()}` : '';
  ui.windowInfo.textContent = `Last ${view.windowMinutes} min${paused} · ${store.samples.length} samples kept`
    + ` (server keeps ${view.historyMinutes} min)`;
}

function addSamples(samples) {
  if (!samples.length) return;
  store.merge(samples);
  store.dropBefore(now() - Math.max(view.historyMinutes, 60) * 60_000 - 60_000);
  board.ensure(store.keys);
  if (view.pausedAt == null) redraw();
  refreshText();
}

function syncClock(serverTime) {
  if (typeof serverTime === 'number') view.serverOffset = serverTime - Date.now();
}

async function resync() {
  const since = store.lastT();
  const response = await fetch(since == null ? '/api/history' : `/api/history?since=${since}`, { cache: 'no-store' });
  if (!response.ok) return;
  const frame = await response.json();
  syncClock(frame.serverTime);
  addSamples(frame.samples);
}

function onMessage(message) {
  switch (message.type) {
    case 'history':
      syncClock(message.serverTime);
      view.historyMinutes = message.historyMinutes;
      view.outputKey = message.outputKey;
      ui.key.textContent = message.outputKey;
      document.title = `fnpulse · ${message.outputKey}`;
      ui.empty.textContent = `Waiting for the first value of ${message.outputKey}…`;
      addSamples(message.samples);
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
  since: () => store.lastT(),
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
    showWindow();
    redraw();
    refreshText();
  });
}
showWindow();

ui.pause.addEventListener('click', () => {
  view.pausedAt = view.pausedAt == null ? now() : null;
  ui.pause.setAttribute('aria-pressed', String(view.pausedAt != null));
  ui.pause.textContent = view.pausedAt == null ? 'Pause' : 'Resume';
  redraw();
  refreshText();
});

ui.csv.addEventListener('click', () => {
  const { from, to } = range();
  const csv = toCsv(store.between(from, to), board.orderedKeys());
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
  const stamp = new Date(to).toISOString().replace(/[:.]/g, '-');
  link.download = `fnpulse-${view.outputKey || 'output'}-${view.windowMinutes}min-${stamp}.csv`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
});

// Theme: follows prefers-color-scheme unless the toggle picked light or dark.
const THEMES = ['auto', 'light', 'dark'];
const systemDark = matchMedia('(prefers-color-scheme: dark)');
function applyTheme(theme) {
  if (theme === 'auto') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
  ui.theme.textContent = theme === 'auto' ? 'Auto' : theme === 'light' ? 'Light' : 'Dark';
  board.rebuildAll();
  redraw();
}
let theme = localStorage.getItem('fnpulse.theme') || 'auto';
if (!THEMES.includes(theme)) theme = 'auto';
applyTheme(theme);
ui.theme.addEventListener('click', () => {
  theme = THEMES[(THEMES.indexOf(theme) + 1) % THEMES.length];
  localStorage.setItem('fnpulse.theme', theme);
  applyTheme(theme);
});
systemDark.addEventListener('change', () => {
  if (theme === 'auto') applyTheme(theme);
});

// The window slides and the "for … s" texts count even when no sample arrives.
let ticks = 0;
setInterval(() => {
  ticks += 1;
  if (view.pausedAt == null && ticks % 5 === 0) redraw();
  refreshText();
}, TICK_MS);

