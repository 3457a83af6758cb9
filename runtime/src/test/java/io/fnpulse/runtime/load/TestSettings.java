package io.fnpulse.runtime.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** CodeSettings as the runtime would build them from FUNCTION_PATH, FUNCTION_ZIP and FUNCTION_HANDLER. */
final class TestSettings {

    static final Duration DOWNLOAD_TIMEOUT = Duration.ofSeconds(10);
    /** Five seconds for a handler's initialisation, as HANDLER_TIMEOUT_SECONDS would give. */
    static final UserCodeLimits LIMITS = new UserCodeLimits(Duration.ofSeconds(5), () -> {});

    private TestSettings() {}

    static LiveFunction live(CodeSettings settings) {
        return new LiveFunction(settings, LIMITS);
    }

    /** Compiling with javac in this JVM: for tests about loading many versions, not about the compiler's process. */
    static LiveFunction liveCompilingInProcess(CodeSettings settings) {
        return new LiveFunction(settings, LIMITS, new InProcessCompiler());
    }

    static CodeSettings path(Path functionPath, Path workDir) {
        return new CodeSettings(
                functionPath,
                Optional.empty(),
                Optional.empty(),
                workDir,
                DOWNLOAD_TIMEOUT,
                Duration.ZERO,
                Optional.empty(),
                false);
    }

    static CodeSettings path(Path functionPath, String handler, Path workDir) {
        return new CodeSettings(
                functionPath,
                Optional.empty(),
                Optional.of(HandlerSpec.parse(handler)),
                workDir,
                DOWNLOAD_TIMEOUT,
                Duration.ZERO,
                Optional.empty(),
                false);
    }

    static CodeSettings zip(String functionZip, Optional<String> handler, Path workDir) {
        return zip(functionZip, handler, workDir, DOWNLOAD_TIMEOUT, Duration.ZERO);
    }

    static CodeSettings zip(
            String functionZip,
            Optional<String> handler,
            Path workDir,
            Duration downloadTimeout,
            Duration urlCheckInterval) {
        return zip(functionZip, handler, workDir, downloadTimeout, urlCheckInterval, Optional.empty(), false);
    }

    static CodeSettings zip(
            String functionZip,
            Optional<String> handler,
            Path workDir,
            Duration downloadTimeout,
            Duration urlCheckInterval,
            Optional<String> sha256,
            boolean followRedirects) {
        return new CodeSettings(
                Path.of("/opt/usermodule.java"),
                Optional.of(functionZip),
                handler.map(HandlerSpec::parse),
                workDir,
                downloadTimeout,
                urlCheckInterval,
                sha256,
                followRedirects);
    }
}
