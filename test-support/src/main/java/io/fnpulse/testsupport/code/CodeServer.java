package io.fnpulse.testsupport.code;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** A real HTTP server on a free port, serving a function archive the way a test tells it to. */
public final class CodeServer implements AutoCloseable {

    public static final String LAST_MODIFIED = "Wed, 21 Oct 2026 07:28:00 GMT";

    private sealed interface Behaviour {}

    /** The archive, with an ETag and Last-Modified; a matching If-None-Match gets 304. */
    private record Serve(byte[] body, String etag) implements Behaviour {}

    private record Status(int code) implements Behaviour {}

    /** Sends nothing until the server is closed. */
    private record Hang() implements Behaviour {}

    /** A 302 to another URL. */
    private record Redirect(String location) implements Behaviour {}

    /** {@code length} zero bytes, with or without a Content-Length saying so. */
    private record Stream(long length, boolean declared) implements Behaviour {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger notModified = new AtomicInteger();
    private volatile Behaviour behaviour = new Status(404);

    public CodeServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public void serve(byte[] archive) {
        behaviour = new Serve(archive, "\"" + sha256(archive) + "\"");
    }

    public void answer(int status) {
        behaviour = new Status(status);
    }

    /** Answers every request with a 302 to {@code location}. */
    public void redirect(String location) {
        behaviour = new Redirect(location);
    }

    /** The same server under the name {@code localhost}: another host as far as a URL is concerned. */
    public String urlOnLocalhost(String path) {
        return "http://localhost:" + server.getAddress().getPort() + path;
    }

    public void hang() {
        behaviour = new Hang();
    }

    public void stream(long length, boolean declared) {
        behaviour = new Stream(length, declared);
    }

    /** Stops listening, so connections are refused. */
    public void stop() {
        closing.countDown();
        server.stop(0);
    }

    public int requests() {
        return requests.get();
    }

    public int notModified() {
        return notModified.get();
    }

    @Override
    public void close() {
        stop();
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (exchange) {
            Behaviour now = behaviour;
            if (now instanceof Serve serve) {
                if (serve.etag().equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                    notModified.incrementAndGet();
                    exchange.sendResponseHeaders(304, -1);
                    return;
                }
                exchange.getResponseHeaders().add("ETag", serve.etag());
                exchange.getResponseHeaders().add("Last-Modified", LAST_MODIFIED);
                exchange.sendResponseHeaders(200, serve.body().length);
                exchange.getResponseBody().write(serve.body());
            } else if (now instanceof Status status) {
                exchange.sendResponseHeaders(status.code(), -1);
            } else if (now instanceof Redirect redirect) {
                exchange.getResponseHeaders().add("Location", redirect.location());
                exchange.sendResponseHeaders(302, -1);
            } else if (now instanceof Hang) {
                closing.await();
            } else if (now instanceof Stream stream) {
                exchange.sendResponseHeaders(200, stream.declared() ? stream.length() : 0);
                TestCode.writeZeros(exchange.getResponseBody(), stream.length());
            }
        } catch (IOException e) {
            // the client hung up, as it should when it refuses a download
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
