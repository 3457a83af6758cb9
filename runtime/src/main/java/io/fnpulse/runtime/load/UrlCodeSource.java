package io.fnpulse.runtime.load;

import io.fnpulse.runtime.load.FunctionLoadException.Kind;
import io.fnpulse.service.text.Seconds;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A zip or jar behind an http(s) URL. Checked at most every {@code checkInterval} with a conditional GET (ETag,
 * Last-Modified), so an unchanged file costs one small request; what arrives is hashed, so a server without
 * validators costs a download but still no reload.
 *
 * <p>Redirects are followed here, not by the HTTP client: within the same host, and from https never down to http;
 * to another host only with FUNCTION_ZIP_FOLLOW_REDIRECTS=true, since code is what the runtime runs.
 */
final class UrlCodeSource implements CodeSource {

    private static final int HTTP_OK = 200;
    private static final int HTTP_NOT_MODIFIED = 304;
    private static final int MAX_REDIRECTS = 5;

    private final String origin;
    private final URI uri;
    private final Duration timeout;
    private final Duration checkInterval;
    private final boolean followRedirectsAnywhere;
    private final WorkDir workDir;
    private final HttpClient client;
    private long nextCheckNanos;
    private boolean checkedBefore;
    private Optional<String> etag = Optional.empty();
    private Optional<String> lastModified = Optional.empty();

    UrlCodeSource(
            String origin,
            URI uri,
            Duration timeout,
            Duration checkInterval,
            boolean followRedirectsAnywhere,
            WorkDir workDir) {
        this.origin = origin;
        this.uri = uri;
        this.timeout = timeout;
        this.checkInterval = checkInterval;
        this.followRedirectsAnywhere = followRedirectsAnywhere;
        this.workDir = workDir;
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public Optional<CodeSnapshot> poll() throws FunctionLoadException {
        long now = System.nanoTime();
        if (checkedBefore && now - nextCheckNanos < 0) {
            return Optional.empty();
        }
        checkedBefore = true;
        nextCheckNanos = now + checkInterval.toNanos();
        try {
            return fetch();
        } catch (FunctionLoadException e) {
            etag = Optional.empty();
            lastModified = Optional.empty();
            throw e;
        }
    }

    private Optional<CodeSnapshot> fetch() throws FunctionLoadException {
        Path dir = workDir.newVersionDir();
        Path file = dir.resolve("function.zip");
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            HttpResponse<Path> response = send(request(uri), file, deadline);
            for (int hops = 0; isRedirect(response.statusCode()); hops++) {
                if (hops == MAX_REDIRECTS) {
                    throw failure("download failed: more than " + MAX_REDIRECTS + " redirects", null);
                }
                response = send(request(redirectTarget(response)), file, deadline);
            }
            if (response.statusCode() == HTTP_NOT_MODIFIED) {
                WorkDir.deleteQuietly(dir);
                return Optional.empty();
            }
            if (response.statusCode() != HTTP_OK) {
                throw failure("download failed: HTTP " + response.statusCode(), null);
            }
            etag = response.headers().firstValue("ETag");
            lastModified = response.headers().firstValue("Last-Modified");
            String hash = ContentHash.of(file);
            return Optional.of(new CodeSnapshot(
                    ZipLocation.VARIABLE,
                    origin,
                    CodeSnapshot.Form.ARCHIVE,
                    file,
                    dir,
                    hash,
                    lastModified.flatMap(UrlCodeSource::httpDate).orElseGet(Instant::now)));
        } catch (FunctionLoadException | RuntimeException e) {
            WorkDir.deleteQuietly(dir);
            throw e;
        } catch (IOException e) {
            WorkDir.deleteQuietly(dir);
            throw new FunctionLoadException(
                    Kind.IO, ZipLocation.VARIABLE + " " + origin + ": cannot hash the download: " + e, e);
        }
    }

    private HttpRequest request(URI target) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(target).timeout(timeout).GET();
        etag.ifPresent(value -> request.header("If-None-Match", value));
        lastModified.ifPresent(value -> request.header("If-Modified-Since", value));
        return request.build();
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private URI redirectTarget(HttpResponse<?> response) throws FunctionLoadException {
        URI from = response.request().uri();
        String location = response.headers()
                .firstValue("Location")
                .orElseThrow(
                        () -> failure("download failed: HTTP " + response.statusCode() + " without a Location", null));
        URI target;
        try {
            target = from.resolve(location.strip());
        } catch (IllegalArgumentException e) {
            throw failure("download failed: redirected to an invalid URL '" + location + "'", e);
        }
        String scheme = String.valueOf(target.getScheme()).toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || target.getHost() == null) {
            throw failure("download failed: redirected to " + target + ", which is not an http(s) URL", null);
        }
        if (from.getScheme().equalsIgnoreCase("https") && scheme.equals("http")) {
            throw failure("download refused: redirected from https down to http (" + target + ")", null);
        }
        if (!followRedirectsAnywhere && !target.getHost().equalsIgnoreCase(from.getHost())) {
            throw failure(
                    "download refused: redirected to another host (" + target + "); set"
                            + " FUNCTION_ZIP_FOLLOW_REDIRECTS=true to follow it, or point FUNCTION_ZIP at it",
                    null);
        }
        return target;
    }

    private HttpResponse<Path> send(HttpRequest request, Path file, long deadline) throws FunctionLoadException {
        WorkDir.deleteQuietly(file);
        CompletableFuture<HttpResponse<Path>> response = client.sendAsync(
                request,
                info -> info.statusCode() == HTTP_OK
                        ? new LimitedDownload(
                                file,
                                Limits.MAX_DOWNLOAD_BYTES,
                                info.headers()
                                        .firstValueAsLong("Content-Length")
                                        .orElse(-1))
                        : HttpResponse.BodySubscribers.replacing(null));
        try {
            // the request timeout only covers the wait for headers; this bounds the whole download, redirects included
            return response.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            response.cancel(true);
            throw timedOut(e);
        } catch (InterruptedException e) {
            response.cancel(true);
            Thread.currentThread().interrupt();
            throw failure("download interrupted", e);
        } catch (ExecutionException e) {
            throw explain(e.getCause());
        }
    }

    private FunctionLoadException explain(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof LimitedDownload.TooLargeException) {
                return failure("download is " + cause.getMessage() + "; ship a smaller archive", error);
            }
            if (cause instanceof HttpTimeoutException) {
                return timedOut(error);
            }
            if (cause instanceof ConnectException) {
                return failure(
                        "download failed: cannot connect to " + uri.getHost()
                                + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + " (" + rootMessage(error) + ")",
                        error);
            }
        }
        return failure("download failed: " + rootMessage(error), error);
    }

    private FunctionLoadException timedOut(Throwable error) {
        return failure("download timed out after " + Seconds.of(timeout) + " s", error);
    }

    private FunctionLoadException failure(String problem, Throwable cause) {
        return new FunctionLoadException(Kind.DOWNLOAD, ZipLocation.VARIABLE + " " + origin + ": " + problem, cause);
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static Optional<Instant> httpDate(String value) {
        try {
            return Optional.of(ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
