// The Calls panel: the runtime's calls log (<output key>:calls), newest first: time, outcome, duration, version.
// A failed call opens (a <details>, so Enter/Space and screen readers work) to its error type and message, stack
// trace and captured stdout/stderr. Everything from Redis goes into the page as text, never as HTML.
import { time } from '/status.js';

const LIMIT = 100;
const SUCCESSES = new Set(['success', 'no_output']);

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text != null) node.textContent = text;
  return node;
}

// Stream IDs are "<ms>-<seq>": newer is larger, compared as numbers.
function newerFirst(a, b) {
  const [am, as] = String(a.id).split('-').map(Number);
  const [bm, bs] = String(b.id).split('-').map(Number);
  return bm - am || bs - as;
}

function summary(call) {
  const at = Date.parse(call.at);
  const parts = [Number.isNaN(at) ? '?' : time(at), call.outcome || '?'];
  if (typeof call.durationMs === 'number') parts.push(`${call.durationMs.toFixed(1)} ms`);
  if (call.version) parts.push(`version ${call.version}`);
  return parts.join(' · ');
}

function block(label, text, truncated) {
  const wrap = el('div', 'call-block');
  const pre = el('pre', null, text);
  pre.tabIndex = 0; // it scrolls: the keyboard must reach it
  wrap.append(el('strong', null, truncated ? `${label} (cut short)` : label), pre);
  return wrap;
}

export class CallsPanel {
  constructor(section) {
    this.section = section;
    this.calls = [];
    this.open = new Set();
  }

  /** Merges calls (newest first, from a calls frame) into the panel. */
  add(newestFirst) {
    if (!Array.isArray(newestFirst) || newestFirst.length === 0) {
      this.render();
      return;
    }
    const known = new Set(this.calls.map((call) => call.id));
    const fresh = newestFirst.filter((call) => call && !known.has(call.id));
    this.calls = [...fresh, ...this.calls].sort(newerFirst).slice(0, LIMIT);
    this.render();
  }

  render() {
    this.section.hidden = this.calls.length === 0;
    const heading = el('h2', 'calls-title', `Calls (newest first, ${this.calls.length} shown)`);
    const list = el('ol', 'calls-list');
    for (const call of this.calls) {
      const item = el('li', 'call');
      const failed = !SUCCESSES.has(call.outcome);
      item.dataset.outcome = call.outcome || '';
      item.dataset.id = call.id;
      if (!failed) {
        item.append(el('span', 'call-summary', summary(call)));
      } else {
        const details = el('details', 'call-failed');
        const head = el('summary', 'call-summary', summary(call));
        details.append(head);
        const error = call.error || {};
        details.append(el('p', 'call-error', [error.type, error.message].filter(Boolean).join(': ') || 'failed'));
        if (error.stackTrace) details.append(block('stack trace', error.stackTrace, false));
        if (call.stdout) details.append(block('stdout', call.stdout, call.stdoutTruncated));
        if (call.stderr) details.append(block('stderr', call.stderr, call.stderrTruncated));
        details.open = this.open.has(call.id);
        details.addEventListener('toggle', () => {
          if (details.open) this.open.add(call.id);
          else this.open.delete(call.id);
        });
        item.append(details);
      }
      list.append(item);
    }
    this.section.replaceChildren(heading, list);
  }
}
