package io.fnpulse.runtime.python;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fnpulse.runtime.invoke.Outcome;
import io.fnpulse.runtime.state.EnvShadow;
import io.fnpulse.testsupport.code.TestCode;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plain-JSON view of a Python function's saved env, for the status and the dashboard, read without Python. */
class EnvShadowTest {

    @TempDir
    Path dir;

    @Test
    void showsWhatJsonCanShowOfTheEnvAFunctionLeft() throws Exception {
        String keeper = """
                import collections, datetime, decimal
                def handler(input, context):
                    env = context.env
                    env["history"] = [(14.9, datetime.datetime(2026, 11, 27, 14, 0, 5, 123456))]
                    env["aware"] = datetime.datetime(2026, 1, 1, 12, tzinfo=datetime.timezone(datetime.timedelta(hours=-5)))
                    env["window"] = collections.deque([1, 2], maxlen=5)
                    env["by_cpu"] = {0: 1.5, (1, 2): "pair"}
                    env["span"] = datetime.timedelta(minutes=1, microseconds=500000)
                    env["money"] = decimal.Decimal("10.50")
                    env["raw"] = b"hi"
                    env["nan"] = float("nan")
                    env["plain"] = {"a": [1, None, True]}
                    return None
                """;
        Path function = TestCode.write(dir.resolve("keeper.py"), keeper);
        try (PythonFixture python = new PythonFixture(dir, function, Optional.empty(), Optional.empty())) {
            python.loaded();
            Outcome.Success success = python.succeeds(Map.of());

            Map<String, Object> shadow = EnvShadow.of(PythonFixture.object(success.envJson()));

            assertThat(PythonFixture.JSON.writeValueAsString(shadow))
                    .isEqualTo("{\"history\":[[14.9,\"2026-11-27T14:00:05.123456\"]],"
                            + "\"aware\":\"2026-01-01T12:00:00-05:00\","
                            + "\"window\":[1,2],"
                            + "\"by_cpu\":{\"0\":1.5,\"[1,2]\":\"pair\"},"
                            + "\"span\":60.5,"
                            + "\"money\":10.50,"
                            + "\"raw\":\"aGk=\","
                            + "\"nan\":null,"
                            + "\"plain\":{\"a\":[1,null,true]}}");
        }
    }

    @Test
    void refusesWhatIsNotTheSavedFormNamingWhere() throws Exception {
        assertThatThrownBy(() -> EnvShadow.of(PythonFixture.object("{\"x\": [1, {\"$reduce\": \"os.system\"}]}")))
                .isInstanceOf(EnvShadow.NotTypedEnv.class)
                .hasMessage("env['x'][1]: unknown tag '$reduce'");
        assertThatThrownBy(() -> EnvShadow.of(PythonFixture.object("{\"x\": {\"$tuple\": 3}}")))
                .hasMessage("env['x']: $tuple holds a Integer, not a list");
        assertThatThrownBy(() -> EnvShadow.of(PythonFixture.object("{\"x\": {\"$tuple\": [], \"$set\": []}}")))
                .hasMessage("env['x']: several tags $tuple, $set in one object");
    }
}
