package io.fnpulse.runtime.load;

import static io.fnpulse.runtime.load.Refreshes.failed;
import static io.fnpulse.runtime.load.Refreshes.loaded;
import static io.fnpulse.runtime.load.Refreshes.loadedFunction;
import static org.assertj.core.api.Assertions.assertThat;

import io.fnpulse.runtime.load.FunctionLoadException.Kind;
import io.fnpulse.testsupport.api.TestContext;
import io.fnpulse.testsupport.code.CodeServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** FUNCTION_ZIP naming an http URL, served by a real HTTP server. */
class RemoteArchiveTest {

    @TempDir
    Path dir;

    private CodeServer server;

    @BeforeEach
    void startServer() {
        server = new CodeServer();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private LiveFunction liveFunction(Duration downloadTimeout, Duration checkInterval) {
        return TestSettings.live(TestSettings.zip(
                server.url("/fn/function.zip"),
                Optional.of(SampleFunction.HANDLER),
                dir.resolve("work"),
                downloadTimeout,
                checkInterval));
    }

    private LiveFunction liveFunction() {
        return liveFunction(TestSettings.DOWNLOAD_TIMEOUT, Duration.ZERO);
    }

    private byte[] compiled(String marker) {
        return SampleFunction.compiledZip(dir.resolve("build-" + marker), marker);
    }

    @Test
    void downloadsSourcesAndCompilesThemAgainstTheirLibraryJar() throws Exception {
        server.serve(SampleFunction.sourceZip(dir.resolve("build"), "v1"));
        try (LiveFunction live = liveFunction()) {
            JavaFunction function = loadedFunction(live.refresh());

            assertThat(function.invoke(SampleFunction.INPUT, new TestContext())).isEqualTo(SampleFunction.output("v1"));
            assertThat(function.describe())
                    .startsWith(SampleFunction.HANDLER + " from " + server.url("/fn/function.zip"))
                    .endsWith(", compiled)");
            assertThat(function.modifiedAt())
                    .isEqualTo(ZonedDateTime.parse(CodeServer.LAST_MODIFIED, DateTimeFormatter.RFC_1123_DATE_TIME)
                            .toInstant());
        }
    }

    @Test
    void asksWhetherTheArchiveChangedAndKeepsTheVersionWhenItHasNot() {
        server.serve(compiled("v1"));
        try (LiveFunction live = liveFunction()) {
            JavaFunction first = loadedFunction(live.refresh());

            assertThat(live.refresh()).isInstanceOf(Refresh.Unchanged.class);
            assertThat(server.notModified()).isEqualTo(1);
            assertThat(live.current()).containsSame(first);
        }
    }

    @Test
    void loadsNewContentAndNamesTheVersionItReplaced() throws Exception {
        server.serve(compiled("v1"));
        try (LiveFunction live = liveFunction()) {
            JavaFunction first = loadedFunction(live.refresh());
            server.serve(compiled("v2"));

            Refresh.Loaded second = loaded(live.refresh());

            assertThat(second.replacedVersion()).contains(first.version());
            assertThat(second.function().version()).isNotEqualTo(first.version());
            assertThat(((JavaFunction) second.function()).invoke(SampleFunction.INPUT, new TestContext()))
                    .isEqualTo(SampleFunction.output("v2"));
        }
    }

    @Test
    void checksTheUrlAtMostOncePerInterval() {
        server.serve(compiled("v1"));
        try (LiveFunction live = liveFunction(TestSettings.DOWNLOAD_TIMEOUT, Duration.ofHours(1))) {
            loadedFunction(live.refresh());
            server.serve(compiled("v2"));

            assertThat(live.refresh()).isInstanceOf(Refresh.Unchanged.class);
            assertThat(live.refresh()).isInstanceOf(Refresh.Unchanged.class);
            assertThat(server.requests()).isEqualTo(1);
        }
    }

    @Test
    void keepsTheRunningVersionWhenTheServerAnswersWithAnErrorAndRecoversAfterwards() {
        byte[] archive = compiled("v1");
        server.serve(archive);
        try (LiveFunction live = liveFunction()) {
            JavaFunction running = loadedFunction(live.refresh());
            server.answer(404);

            Refresh.Failed failed = failed(live.refresh());

            assertThat(failed.error().kind()).isEqualTo(Kind.DOWNLOAD);
            assertThat(failed.error().getMessage())
                    .isEqualTo("FUNCTION_ZIP " + server.url("/fn/function.zip") + ": download failed: HTTP 404");
            assertThat(failed.stillRunning()).containsSame(running);
            assertThat(live.current()).containsSame(running);
            assertThat(live.refresh()).as("the same failure, reported once").isSameAs(failed);

            server.serve(archive);
            assertThat(live.refresh()).isInstanceOf(Refresh.Unchanged.class);
            assertThat(live.refresh()).isInstanceOf(Refresh.Unchanged.class);
            assertThat(live.current()).containsSame(running);
        }
    }

    @Test
    void keepsTheRunningVersionWhenTheServerIsGone() {
        server.serve(compiled("v1"));
        try (LiveFunction live = liveFunction()) {
            JavaFunction running = loadedFunction(live.refresh());
            server.stop();

            Refresh.Failed failed = failed(live.refresh());

            assertThat(failed.error().kind()).isEqualTo(Kind.DOWNLOAD);
            assertThat(failed.error().getMessage())
                    .startsWith("FUNCTION_ZIP " + server.url("/fn/function.zip")
                            + ": download failed: cannot connect to 127.0.0.1:");
            assertThat(failed.stillRunning()).containsSame(running);
        }
    }

    @Test
    void keepsTheRunningVersionWhenTheDownloadTimesOut() {
        server.serve(compiled("v1"));
        try (LiveFunction live = liveFunction(Duration.ofSeconds(3), Duration.ZERO)) {
            JavaFunction running = loadedFunction(live.refresh());
            server.hang();

            Refresh.Failed failed = failed(live.refresh());

            assertThat(failed.error().kind()).isEqualTo(Kind.DOWNLOAD);
            assertThat(failed.error().getMessage())
                    .isEqualTo("FUNCTION_ZIP " + server.url("/fn/function.zip") + ": download timed out after 3 s");
            assertThat(failed.stillRunning()).containsSame(running);
            assertThat(live.current()).containsSame(running);
        }
    }

    @ParameterizedTest(name = "Content-Length declared: {0}")
    @ValueSource(booleans = {true, false})
    void refusesADownloadOver64MiB(boolean declared) {
        server.stream(64L * 1024 * 1024 + 1, declared);
        try (LiveFunction live = liveFunction()) {
            Refresh.Failed failed = failed(live.refresh());

            assertThat(failed.error().kind()).isEqualTo(Kind.DOWNLOAD);
            assertThat(failed.error().getMessage())
                    .startsWith("FUNCTION_ZIP " + server.url("/fn/function.zip") + ": download is larger than 64 MiB");
            assertThat(failed.stillRunning()).isEmpty();
        }
    }

    @Test
    void followsARedirectWithinTheSameHost() throws Exception {
        try (CodeServer target = new CodeServer()) {
            target.serve(compiled("moved"));
            server.redirect(target.url("/elsewhere/function.zip"));
            try (LiveFunction live = liveFunction()) {
                JavaFunction function = loadedFunction(live.refresh());
                assertThat(function.invoke(SampleFunction.INPUT, new TestContext()))
                        .isEqualTo(SampleFunction.output("moved"));
            }
        }
    }

    @Test
    void refusesARedirectToAnotherHostUnlessAllowed() throws Exception {
        try (CodeServer target = new CodeServer()) {
            target.serve(compiled("elsewhere"));
            server.redirect(target.urlOnLocalhost("/function.zip"));
            try (LiveFunction live = liveFunction()) {
                FunctionLoadException error = failed(live.refresh()).error();
                assertThat(error.kind()).isEqualTo(Kind.DOWNLOAD);
                assertThat(error)
                        .hasMessageContaining("download refused: redirected to another host ("
                                + target.urlOnLocalhost("/function.zip") + "); set FUNCTION_ZIP_FOLLOW_REDIRECTS=true");
                assertThat(target.requests()).isZero();
            }
            try (LiveFunction allowed = TestSettings.live(TestSettings.zip(
                    server.url("/fn/function.zip"),
                    Optional.of(SampleFunction.HANDLER),
                    dir.resolve("work2"),
                    TestSettings.DOWNLOAD_TIMEOUT,
                    Duration.ZERO,
                    Optional.empty(),
                    true))) {
                assertThat(loadedFunction(allowed.refresh()).invoke(SampleFunction.INPUT, new TestContext()))
                        .isEqualTo(SampleFunction.output("elsewhere"));
            }
        }
    }

    @Test
    void stopsFollowingRedirectsThatGoInCircles() {
        server.redirect(server.url("/fn/function.zip"));
        try (LiveFunction live = liveFunction()) {
            assertThat(failed(live.refresh()).error()).hasMessageContaining("more than 5 redirects");
        }
    }
}
