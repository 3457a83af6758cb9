package io.fnpulse.service.http;

/** Whether a service can do its job right now, and if not, why: the body of {@code /readyz}. */
public record Readiness(boolean ready, String detail) {

    public static Readiness ready(String detail) {
        return new Readiness(true, detail);
    }

    public static Readiness notReady(String detail) {
        return new Readiness(false, detail);
    }
}
