package io.fnpulse.dashboard.web;

import io.javalin.http.Context;
import io.javalin.http.Handler;

/**
 * Headers on every response. The page runs only the scripts and styles the jar serves (no inline script, no CDN),
 * talks only to this server, over HTTP and WebSocket, and cannot be framed by another site.
 */
final class SecurityHeaders implements Handler {

    static final String CONTENT_SECURITY_POLICY = String.join(
            "; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data: blob:",
            "connect-src 'self' ws: wss:",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'");

    @Override
    public void handle(Context ctx) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Frame-Options", "DENY");
    }
}
