package io.fnpulse.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fnpulse.runtime.state.InstanceKeys;
import io.fnpulse.service.config.ConfigException;
import io.fnpulse.service.config.Env;
import io.fnpulse.service.function.KeyPattern;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeConfigTest {

    private static InstanceKeys one(RuntimeConfig config) {
        return config.keys().single();
    }

    @Test
    void hasTheSpecDefaults() {
        RuntimeConfig config = RuntimeConfig.fromEnv(new Env(Map.of()));
        assertThat(config.redis().host()).isEqualTo("localhost");
        assertThat(config.redis().port()).isEqualTo(6379);
        assertThat(config.keys().inputKey()).isEqualTo("metrics");
        assertThat(config.outputKey()).isEmpty();
        assertThat(config.pollInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.code().functionPath()).isEqualTo(Path.of("/opt/usermodule.java"));
        assertThat(config.handlerTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.trigger()).isEqualTo(io.fnpulse.service.trigger.TriggerMode.POLL);
        assertThat(one(config).state()).isEmpty();
        assertThat(one(config).status()).isEmpty();
        assertThat(config.httpPort()).isEqualTo(8080);
    }

    @Test
    void derivesStateStatusAndLockKeysFromTheOutputKey() {
        RuntimeConfig config = RuntimeConfig.fromEnv(new Env(Map.of("REDIS_OUTPUT_KEY", "sh623-proj3-output")));
        assertThat(one(config).state()).contains("sh623-proj3-output:env");
        assertThat(one(config).status()).contains("sh623-proj3-output:status");
        assertThat(one(config).lease()).contains("sh623-proj3-output:lock");
    }

    @Test
    void anEmptyStateKeyTurnsStateSavingOff() {
        RuntimeConfig config = RuntimeConfig.fromEnv(new Env(Map.of("REDIS_OUTPUT_KEY", "out", "STATE_KEY", "")));
        assertThat(one(config).state()).isEmpty();
        assertThat(one(config).status()).contains("out:status");
    }

    @Test
    void acceptsIntervalAsAnAliasForDropInUse() {
        assertThat(RuntimeConfig.fromEnv(new Env(Map.of("INTERVAL", "2.5"))).pollInterval())
                .isEqualTo(Duration.ofMillis(2500));
        assertThat(RuntimeConfig.fromEnv(new Env(Map.of("INTERVAL", "2.5", "POLL_INTERVAL_SECONDS", "1")))
                        .pollInterval())
                .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void refusesAnOutputKeyEqualToTheInputKey() {
        assertThatThrownBy(() -> RuntimeConfig.fromEnv(new Env(Map.of("REDIS_OUTPUT_KEY", "metrics"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("REDIS_OUTPUT_KEY='metrics' is not valid");
    }

    @Test
    void refusesAMalformedHandlerNamingTheExpectedForm() {
        assertThatThrownBy(() -> RuntimeConfig.fromEnv(new Env(Map.of("FUNCTION_HANDLER", "my function"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(
                        "FUNCTION_HANDLER='my function' is not valid: expected [package.]Class[::method]");
    }

    @Test
    void refusesAnUnknownTrigger() {
        assertThatThrownBy(() -> RuntimeConfig.fromEnv(new Env(Map.of("TRIGGER", "push"))))
                .hasMessage("TRIGGER='push' is not valid: expected poll, notify or stream");
    }

    @Test
    void refusesAFunctionZipWithAnUnsupportedScheme() {
        assertThatThrownBy(() -> RuntimeConfig.fromEnv(new Env(Map.of("FUNCTION_ZIP", "ftp://host/function.zip"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("FUNCTION_ZIP='ftp://host/function.zip' is not valid");
    }

    @Test
    void refusesAFunctionPathThatIsNeitherSourceNorJarNorPython() {
        assertThatThrownBy(() -> RuntimeConfig.fromEnv(new Env(Map.of("FUNCTION_PATH", "/opt/usermodule.txt"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("FUNCTION_PATH='/opt/usermodule.txt' is not valid: expected a .java source"
                        + " file, a .jar or a .py module");
    }

    @Test
    void refusesATimeoutThatIsNotANumber() {
        assertThatThrownBy(() -> RuntimeConfig.fromEnv(new Env(Map.of("HANDLER_TIMEOUT_SECONDS", "thirty"))))
                .hasMessageStartingWith(
                        "HANDLER_TIMEOUT_SECONDS='thirty' is not valid: expected a decimal number of seconds");
    }

    @Test
    void onAClusterNamesTheInstanceKeysWithTheOutputKeysHashTag() {
        RuntimeConfig config =
                RuntimeConfig.fromEnv(new Env(Map.of("REDIS_OUTPUT_KEY", "out", "REDIS_CLUSTER", "true")));
        assertThat(one(config).state()).contains("{out}:env");
        assertThat(one(config).status()).contains("{out}:status");
        assertThat(one(config).lease()).contains("{out}:lock");
    }

    @Test
    void onAClusterRefusesAStateKeyOutsideTheOutputKeysSlot() {
        assertThatThrownBy(() -> RuntimeConfig.fromEnv(
                        new Env(Map.of("REDIS_OUTPUT_KEY", "out", "REDIS_CLUSTER", "true", "STATE_KEY", "saved-env"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("STATE_KEY='saved-env' is not valid")
                .hasMessageContaining("hash slot");
        assertThat(RuntimeConfig.fromEnv(new Env(
                                Map.of("REDIS_OUTPUT_KEY", "out", "REDIS_CLUSTER", "true", "STATE_KEY", "{out}:saved")))
                        .keys()
                        .single()
                        .state())
                .contains("{out}:saved");
    }

    @Test
    void onAClusterRefusesStreamsOfAPatternOutsideTheirInstancesSlots() {
        Map<String, String> fleet = Map.of(
                "REDIS_OUTPUT_KEY",
                "out",
                "REDIS_CLUSTER",
                "true",
                "TRIGGER",
                "stream",
                "REDIS_INPUT_KEY",
                "metrics:*");
        assertThatThrownBy(() -> RuntimeConfig.fromEnv(new Env(fleet)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("REDIS_INPUT_STREAM='metrics:*:stream' is not valid")
                .hasMessageContaining("{out:*}");
        Map<String, String> tagged = new java.util.HashMap<>(fleet);
        tagged.put("REDIS_INPUT_STREAM", "{out:*}");
        assertThat(RuntimeConfig.fromEnv(new Env(tagged)).keys().pattern()).contains(new KeyPattern("{out:", "}"));
    }

    @Test
    void withoutFunctionPathRunsTheCoursesPythonModuleWhereItIsAndTheJavaFileIsNot(@TempDir Path opt) throws Exception {
        Path java = opt.resolve("usermodule.java");
        Path python = opt.resolve("usermodule.py");
        Env unset = new Env(Map.of());
        assertThat(RuntimeConfig.functionPath(unset, java, python))
                .as("neither")
                .isEqualTo(java);

        Files.writeString(python, "def handler(input, context):\n    return input\n");
        assertThat(RuntimeConfig.functionPath(unset, java, python))
                .as("the course's module")
                .isEqualTo(python);

        Files.writeString(java, "public class F {}");
        assertThat(RuntimeConfig.functionPath(unset, java, python)).as("both").isEqualTo(java);
        assertThat(RuntimeConfig.functionPath(new Env(Map.of("FUNCTION_PATH", "/srv/f.py")), java, python))
                .as("set")
                .isEqualTo(Path.of("/srv/f.py"));
    }

    @Test
    void checksPythonAtStartWhenTheFunctionIsAPythonModule() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "python3 is not installed at /usr/bin/python3");
        RuntimeConfig config = RuntimeConfig.fromEnv(new Env(Map.of("FUNCTION_PATH", "/srv/f.py")));
        assertThat(config.python().interpreter()).isEqualTo(Path.of("/usr/bin/python3"));
        assertThat(config.python().version()).as("checked").isPresent();

        assertThatThrownBy(() -> RuntimeConfig.fromEnv(
                        new Env(Map.of("FUNCTION_PATH", "/srv/f.py", "PYTHON", "/nonexistent/python3"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("PYTHON='/nonexistent/python3' is not valid: expected a Python 3.9 or later");
    }

    @Test
    void leavesPythonUncheckedForJavaCodeAndZips() {
        assertThat(RuntimeConfig.fromEnv(new Env(Map.of("PYTHON", "/nonexistent/python3")))
                        .python()
                        .version())
                .isEmpty();
        assertThat(RuntimeConfig.fromEnv(
                                new Env(Map.of("FUNCTION_ZIP", "/srv/f.zip", "PYTHON", "/nonexistent/python3")))
                        .python()
                        .version())
                .isEmpty();
    }

    @Test
    void refusesAPythonHandlerFormForJavaCodeAndAJavaOneForAPythonModule() {
        assertThatThrownBy(() -> RuntimeConfig.fromEnv(
                        new Env(Map.of("FUNCTION_PATH", "/srv/F.java", "FUNCTION_HANDLER", "module:function"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("FUNCTION_HANDLER='module:function' is not valid: expected [package.]Class");
        assertThatThrownBy(() -> RuntimeConfig.fromEnv(
                        new Env(Map.of("FUNCTION_PATH", "/srv/f.py", "FUNCTION_HANDLER", "io.x.F::handle"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("FUNCTION_HANDLER='io.x.F::handle' is not valid: expected function,"
                        + " module.function or module:function");
    }
}
