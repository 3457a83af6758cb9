package io.fnpulse.dashboard.web;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The page's files, read from the jar once at start and served from memory: our own few files from
 * {@code /public} and uPlot's from its WebJar. Serving them this way, rather than through Jetty's static file
 * handling, keeps Jetty from indexing the whole 9,000-entry jar into memory (several zip file systems, about
 * 10 MB of heap) for a dozen small files.
 */
final class Assets {

    record Asset(byte[] body, String contentType, String etag) {}

    static final List<String> PAGE_FILES = List.of(
            "index.html",
            "app.js",
            "charts.js",
            "connection.js",
            "store.js",
            "thin.js",
            "format.js",
            "page.js",
            "status.js",
            "csv.js",
            "calls.js",
            "markers.js",
            "style.css",
            "favicon.svg",
            "fleet.html",
            "fleet.js",
            "fleet.css");
    static final List<String> UPLOT_FILES = List.of("uPlot.esm.js", "uPlot.min.css");

    private final Map<String, Asset> byPath;

    private Assets(Map<String, Asset> byPath) {
        this.byPath = byPath;
    }

    /** With {@code fleet}, {@code /} is the fleet page (host picker and overview) instead of the one-key page. */
    static Assets load(boolean fleet) {
        Map<String, Asset> assets = new LinkedHashMap<>();
        for (String file : PAGE_FILES) {
            assets.put("/" + file, read("/public/" + file));
        }
        assets.put("/", assets.get(fleet ? "/fleet.html" : "/index.html"));
        String uplot = "/webjars/uplot/" + uplotVersion() + "/dist/";
        for (String file : UPLOT_FILES) {
            assets.put(uplot + file, read("/META-INF/resources" + uplot + file));
        }
        return new Assets(Map.copyOf(assets));
    }

    Iterable<String> paths() {
        return byPath.keySet();
    }

    void serve(Context ctx) {
        Asset asset = byPath.get(ctx.path());
        ctx.header("Cache-Control", "no-cache").header("ETag", asset.etag());
        if (asset.etag().equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        ctx.contentType(asset.contentType()).result(asset.body());
    }

    private static String uplotVersion() {
        try (InputStream in = resource("/META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Asset read(String name) {
        try (InputStream in = resource(name)) {
            byte[] body = in.readAllBytes();
            return new Asset(body, contentType(name), "\"" + HexFormat.of().formatHex(sha256(body), 0, 8) + "\"");
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + name + " from the jar", e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = Assets.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(name + " is missing from the jar");
        }
        return in;
    }

    private static String contentType(String name) {
        String extension = name.substring(name.lastIndexOf('.') + 1);
        return switch (extension) {
            case "html" -> "text/html; charset=utf-8";
            case "js" -> "text/javascript; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "svg" -> "image/svg+xml";
            default -> throw new IllegalArgumentException("no content type known for " + name);
        };
    }

    private static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
