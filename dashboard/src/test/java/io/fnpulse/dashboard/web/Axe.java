package io.fnpulse.dashboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * axe-core in the page under test: every rule of its default set (WCAG 2 A and AA and best practices) on the whole
 * document. The script is the npm package's {@code axe.min.js}, kept in the test resources (see the README beside it)
 * and checked against the hash axe-core publishes for it.
 */
final class Axe {

    static final String VERSION = "4.14.1";
    private static final String SCRIPT = "axe-core/axe.min.js";
    private static final String SHA256 = "KTSJmUUM3yhJqOcLeRL8LahahJ2jnA0NU5T1HUqe2Vw=";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String RUN = """
            const done = arguments[arguments.length - 1];
            axe.run(document).then((r) => done(JSON.stringify({
              version: axe.version,
              passes: r.passes.map((p) => p.id),
              violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 4).map((n) => n.target.join(' ') + ' — ' + n.failureSummary) })),
            }))).catch((e) => done('error: ' + e));""";

    private Axe() {}

    /** axe's report on the page as it is now: {@code version}, {@code passes} (rule ids) and {@code violations}. */
    static JsonNode run(ChromeDriver driver) {
        driver.executeScript(Script.TEXT);
        String report = driver.executeAsyncScript(RUN).toString();
        assertThat(report).as("axe-core's run").doesNotStartWith("error");
        try {
            JsonNode result = MAPPER.readTree(report);
            assertThat(result.get("version").asText())
                    .as("axe-core in the page")
                    .isEqualTo(VERSION);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts that axe finds nothing, of any impact, and that it did check the rules named. */
    static void assertNoViolation(ChromeDriver driver, String what, String... checkedRules) {
        JsonNode result = run(driver);
        List<String> passes = new ArrayList<>();
        result.get("passes").forEach(rule -> passes.add(rule.asText()));
        assertThat(passes).as("rules axe checked and passed, %s", what).contains(checkedRules);
        assertThat(result.get("violations"))
                .as("axe-core %s violations, %s: %s", VERSION, what, result.get("violations"))
                .isEmpty();
    }

    /** The script, read and checked once, when first run. */
    private static final class Script {
        static final String TEXT = load();

        private static String load() {
            try (InputStream in = Axe.class.getClassLoader().getResourceAsStream(SCRIPT)) {
                assertThat(in).as(SCRIPT + " on the test classpath").isNotNull();
                byte[] bytes = in.readAllBytes();
                String digest = Base64.getEncoder()
                        .encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
                assertThat(digest)
                        .as("SHA-256 of " + SCRIPT + ", as axe-core publishes it")
                        .isEqualTo(SHA256);
                return new String(bytes, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is part of every JDK", e);
            }
        }
    }
}
