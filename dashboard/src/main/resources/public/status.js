// What the header badge and the status line say. Precedence for the badge: our own connection to the dashboard
// server, then Redis unreachable, then an unusable value, then no new data, else live. Everything that comes from
// Redis is put in the page as text, never as HTML.
import { formatClock as time, formatDuration as duration } from './format.js';

// calls.js takes its times from here
export { time };

export function badge({ connection, state, lastT, now }) {
  if (connection.state === 'hidden') return { state: 'offline', text: 'Disconnected; reconnects when this tab is shown' };
  if (connection.state === 'waiting') {
    const wait = Math.max(0, connection.retryAt - Date.now());
    return { state: 'offline', text: `Dashboard server unreachable; retrying in ${duration(wait)}` };
  }
  if (connection.state !== 'open' || !state) return { state: 'connecting', text: 'Connecting…' };
  if (state.redis === 'down' && state.redisRefused) {
    return { state: 'down', text: `${state.redisError} since ${time(state.redisSince)}`, detail: state.redisError };
  }
  if (state.redis === 'down') {
    return {
      state: 'down',
      text: `Redis unreachable since ${time(state.redisSince)} (${duration(now - state.redisSince)})`,
      detail: state.redisError,
    };
  }
  if (state.redis === 'unknown') return { state: 'connecting', text: 'Waiting for the first poll…' };
  if (state.problem) {
    return {
      state: 'problem',
      text: `No usable value since ${time(state.problemSince)}: ${state.problem.message}`,
      detail: state.problem.message,
    };
  }
  if (state.statusProblem) {
    return { state: 'problem', text: state.statusProblem.message, detail: state.statusProblem.message };
  }
  if (state.stale && lastT != null) return { state: 'stale', text: `No new data for ${duration(now - lastT)}` };
  if (lastT == null) return { state: 'live', text: 'Live; waiting for data' };
  return { state: 'live', text: `Live · updated ${duration(now - lastT)} ago` };
}

function span(text, className) {
  const el = document.createElement(className === 'state' ? 'strong' : 'span');
  if (className) el.className = className;
  el.textContent = text;
  return el;
}

/** Fills the status line from the runtime's status key; hides it when there is none. */
export function renderStatus(section, state, now) {
  const status = state && state.status;
  const failure = state && state.lastFailure;
  if (!status && !failure) {
    section.hidden = true;
    return;
  }
  section.hidden = false;
  const traceOpen = Boolean(section.querySelector('details[open]'));
  section.replaceChildren();
  const parts = [];
  if (status) {
    const failed = status.ok === false || status.error != null;
    section.dataset.ok = String(!failed);
    parts.push(span(failed ? 'Function failing' : 'Function OK', 'state'));
    if (status.lastExecution) {
      const at = Date.parse(status.lastExecution);
      parts.push(span(`last execution ${time(at)} (${duration(now - at)} ago)`));
    } else {
      parts.push(span('not executed yet'));
    }
    if (status.durationMs != null) parts.push(span(`took ${status.durationMs.toFixed(1)} ms`));
    if (status.codeVersion) parts.push(span(`code ${status.codeVersion}`));
  } else {
    section.dataset.ok = 'true';
  }
  if (failure) {
    const what = [failure.type, failure.message].filter(Boolean).join(': ') || 'failed';
    parts.push(span(`last error ${time(failure.seenAt)} (${duration(now - failure.seenAt)} ago): ${what}`));
  }
  parts.forEach((part, i) => {
    if (i > 0) section.append(span('·', 'sep'));
    section.append(part);
  });
  if (status && status.error && status.error.stackTrace) {
    const details = document.createElement('details');
    const summary = document.createElement('summary');
    summary.textContent = 'stack trace';
    const pre = document.createElement('pre');
    pre.tabIndex = 0; // it scrolls: the keyboard must reach it
    pre.textContent = status.error.stackTrace;
    details.open = traceOpen;
    details.append(summary, pre);
    section.append(details);
  }
}
