// What the single-host page and the fleet page share, with one behaviour: the server's clock, the theme (the system's,
// or light or dark from the toggle or the link) and the chart colours it gives, the time window buttons, the link's
// query, and a guard that keeps one request of a kind in flight. Nothing touches the DOM until asked, so that Node's
// test runner can import this module.
import { windowName } from './format.js';

/** The server's clock, as far as the page can tell: sample times are server times. */
export class ServerClock {
  constructor(localNow = () => Date.now()) {
    this.localNow = localNow;
    this.offset = 0;
  }

  /** Takes the time an answer or frame was made on the server (serverTime, epoch ms), where it has one. */
  sync(serverTime) {
    if (typeof serverTime === 'number' && Number.isFinite(serverTime)) this.offset = serverTime - this.localNow();
  }

  now() {
    return this.localNow() + this.offset;
  }
}

/**
 * Wraps an async task so that a call made while one is still running is dropped, not queued: a slow answer never
 * piles up requests behind it.
 */
export function oneAtATime(task) {
  let running = false;
  return async (...args) => {
    if (running) return undefined;
    running = true;
    try {
      return await task(...args);
    } finally {
      running = false;
    }
  };
}

/** Changes the link's query in place (no new history entry), keeping the rest of it and the history state. */
export function updateQuery(change) {
  const query = new URLSearchParams(location.search);
  change(query);
  const search = query.toString();
  history.replaceState(history.state, '', `${location.pathname}${search ? `?${search}` : ''}${location.hash}`);
}

const THEMES = ['auto', 'light', 'dark'];
const THEME_NAMES = { auto: 'Auto', light: 'Light', dark: 'Dark' };

/**
 * The theme: follows prefers-color-scheme unless the toggle (or the link's ?theme=light|dark) picked light or dark.
 * The toggle cycles auto → light → dark and writes the link; onChange() runs after every change of the colours the
 * page shows, the system's included, since charts take their colours once.
 */
export class Theme {
  constructor(button, onChange = () => {}) {
    this.button = button;
    this.onChange = onChange;
    const asked = new URLSearchParams(location.search).get('theme');
    this.name = THEMES.includes(asked) ? asked : 'auto';
    this.show();
    button.addEventListener('click', () => {
      this.name = THEMES[(THEMES.indexOf(this.name) + 1) % THEMES.length];
      updateQuery((query) => {
        if (this.name === 'auto') query.delete('theme'); else query.set('theme', this.name);
      });
      this.show();
      this.onChange();
    });
    matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
      if (this.name === 'auto') this.onChange();
    });
  }

  show() {
    if (this.name === 'auto') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = this.name;
    this.button.textContent = THEME_NAMES[this.name];
    this.button.setAttribute('aria-label', `Theme: ${THEME_NAMES[this.name]}`);
  }
}

/** The chart colours of the theme shown now, from the style sheet's custom properties. */
export function chartColors() {
  const css = getComputedStyle(document.documentElement);
  const read = (name) => css.getPropertyValue(name).trim();
  return { axis: read('--axis'), grid: read('--grid'), series: read('--series').split(/\s+/).filter(Boolean) };
}

/** A uPlot axis in those colours. */
export function axisStyle(colors) {
  return {
    stroke: colors.axis,
    grid: { stroke: colors.grid, width: 1 },
    ticks: { stroke: colors.grid, width: 1 },
    font: '11px system-ui, sans-serif',
  };
}

const STORED_WINDOW = 'fnpulse.window';
const DEFAULT_WINDOW = 15;

/**
 * The time window buttons (data-window="<minutes>"): the window comes from the link (?window=), else the last one
 * picked in this browser, else 15 minutes, among the buttons the page has. A click picks it, keeps it in the link and
 * the browser, and calls onChange(minutes).
 */
export class WindowPicker {
  constructor(buttons, onChange = () => {}) {
    this.buttons = buttons;
    this.choices = buttons.map((button) => Number(button.dataset.window));
    const asked = Number(new URLSearchParams(location.search).get('window'));
    const stored = Number(localStorage.getItem(STORED_WINDOW));
    this.minutes = [asked, stored, DEFAULT_WINDOW].find((minutes) => this.choices.includes(minutes)) ?? this.choices[0];
    for (const button of buttons) {
      button.addEventListener('click', () => {
        this.minutes = Number(button.dataset.window);
        localStorage.setItem(STORED_WINDOW, String(this.minutes));
        this.show();
        onChange(this.minutes);
      });
    }
    this.show();
  }

  show() {
    for (const button of this.buttons) {
      button.setAttribute('aria-pressed', String(Number(button.dataset.window) === this.minutes));
    }
    updateQuery((query) => query.set('window', String(this.minutes)));
  }

  /** "Last 15 min", "Last 24 h". */
  describe() {
    return `Last ${windowName(this.minutes)}`;
  }
}
