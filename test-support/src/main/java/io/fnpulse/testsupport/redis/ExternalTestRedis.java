package io.fnpulse.testsupport.redis;

import java.net.URI;

/**
 * The server {@code REDIS_URL} points at. It is shared with whatever else uses it, so it is flushed before the
 * class and cannot be stopped.
 */
final class ExternalTestRedis extends AbstractTestRedis {

    private final String host;
    private final int port;

    private ExternalTestRedis(String host, int port) {
        this.host = host;
        this.port = port;
    }

    static ExternalTestRedis connect(String url) {
        URI uri = URI.create(url);
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("REDIS_URL must look like redis://host:port, got " + url);
        }
        ExternalTestRedis redis = new ExternalTestRedis(uri.getHost(), uri.getPort() == -1 ? 6379 : uri.getPort());
        redis.client().flushDB();
        return redis;
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String describe() {
        return "REDIS_URL server at " + host + ":" + port;
    }

    @Override
    public boolean canStop() {
        return false;
    }

    @Override
    protected void takeDown() {
        throw new UnsupportedOperationException("the REDIS_URL server is not ours to stop");
    }

    @Override
    protected void bringBack() {
        throw new UnsupportedOperationException("the REDIS_URL server is not ours to start");
    }

    @Override
    protected void shutdown() {
        // not ours
    }
}
