package io.fnpulse.testsupport.browser;

/**
 * Scripts for measuring a dashboard page on a wide window in a real browser, shared by the dashboard's browser test
 * and the bench: what the page received, and when its wide window was drawn.
 */
public final class WideWindowProbe {

    /**
     * To run before the page's own scripts (CDP {@code Page.addScriptToEvaluateOnNewDocument}): counts the text of every
     * WebSocket message the page receives, as UTF-8 bytes, in {@code window.fnpulseWsBytes}.
     */
    public static final String COUNT_WEBSOCKET_BYTES = """
            window.fnpulseWsBytes = 0;
            const Native = window.WebSocket;
            window.WebSocket = class extends Native {
              constructor(...args) {
                super(...args);
                this.addEventListener('message', (e) => {
                  window.fnpulseWsBytes += typeof e.data === 'string' ? new TextEncoder().encode(e.data).length : 0;
                });
              }
            };""";

    /**
     * An async script (arguments: the window in minutes, the time its data must reach back to): waits until the page's
     * wide window holds its data from that time on and a chart has drawn it, two animation frames more, and answers
     * {@code [ms since navigation, HTTP transfer bytes, WebSocket text bytes, the wide window's first sample time]}.
     */
    public static final String AWAIT_WIDE_WINDOW = """
            const done = arguments[arguments.length - 1];
            const [minutes, since] = [String(arguments[0]), arguments[1]];
            const check = () => {
              const cards = document.getElementById('cards');
              const first = Number(cards.dataset.wideSince);
              if (cards.dataset.wideMinutes === minutes && first > 0 && first <= since
                  && cards.querySelector('article.card[data-drawn-t]')) {
                requestAnimationFrame(() => requestAnimationFrame(() => {
                  const http = performance.getEntriesByType('navigation').concat(
                    performance.getEntriesByType('resource')).reduce((n, e) => n + (e.transferSize || 0), 0);
                  done([performance.now(), http, window.fnpulseWsBytes, first]);
                }));
              } else {
                setTimeout(check, 5);
              }
            };
            check();""";

    private WideWindowProbe() {}
}
