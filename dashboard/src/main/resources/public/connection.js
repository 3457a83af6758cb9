// The WebSocket to the dashboard server. On a drop it reconnects with capped, jittered exponential backoff, asking
// only for what came after the newest sample the page has (?since=). While the tab is hidden it does not retry at
// all; it tries again at once when the tab is shown.
const FIRST_DELAY_MS = 500;
const LONGEST_DELAY_MS = 30_000;
export const LIVE_MINUTES = 60;

/** query() gives the parameters of each join: ?since=<t> on a reconnect, else what the page wants first. */
export function connect({ query, onMessage, onConnection }) {
  let socket = null;
  let timer = null;
  let attempt = 0;

  function open() {
    timer = null;
    if (document.hidden) {
      onConnection({ state: 'hidden' });
      return;
    }
    const url = new URL('/ws', location.href);
    url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
    for (const [name, value] of Object.entries(query())) url.searchParams.set(name, String(value));
    onConnection({ state: attempt === 0 ? 'connecting' : 'reconnecting' });
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      onConnection({ state: 'open' });
    };
    ws.onmessage = (event) => {
      let message;
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      onMessage(message);
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      retryLater();
    };
  }

  function retryLater() {
    if (document.hidden) {
      onConnection({ state: 'hidden' });
      return;
    }
    const ceiling = Math.min(LONGEST_DELAY_MS, FIRST_DELAY_MS * 2 ** attempt);
    const delay = ceiling / 2 + Math.random() * (ceiling / 2);
    attempt += 1;
    onConnection({ state: 'waiting', retryAt: Date.now() + delay });
    timer = setTimeout(open, delay);
  }

  document.addEventListener('visibilitychange', () => {
    if (socket) return;
    if (document.hidden) {
      if (timer) clearTimeout(timer);
      timer = null;
      onConnection({ state: 'hidden' });
    } else if (!timer) {
      open();
    }
  });

  open();
}
