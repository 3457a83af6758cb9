package io.fnpulse.runtime.python;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnpulse.runtime.invoke.Outcome;
import io.fnpulse.runtime.state.EnvForm;
import io.fnpulse.service.function.CallOutcome;
import io.fnpulse.testsupport.code.TestCode;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a Python function keeps in context.env comes back, after a restart, with the same types and keys: saved in
 * the typed form, read back as text by a new worker. A value that form cannot carry fails the call, naming where it
 * is.
 */
class TypedEnvRoundTripTest {

    /** Stores one of everything on "store"; on "show" returns each value's type and repr as the worker sees them. */
    private static final String KEEPER = """
            import collections, datetime, decimal, zoneinfo

            def shown(key, value):
                if key == "huge":
                    return hex(value)
                if type(value) in (set, frozenset):  # iteration order follows string hashes, which differ by process
                    return type(value).__name__ + repr(sorted(value, key=repr))
                return repr(value)

            def handler(input, context):
                env = context.env
                if input["phase"] == "store":
                    utc1 = datetime.timezone(datetime.timedelta(hours=1), "CET")
                    env["naive"] = datetime.datetime(2026, 11, 27, 14, 0, 5, 123456)
                    env["aware"] = datetime.datetime(2026, 11, 27, 14, 0, 5, tzinfo=utc1)
                    env["zoned"] = datetime.datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=zoneinfo.ZoneInfo("Europe/Paris"))
                    env["utc"] = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
                    env["day"] = datetime.date(2026, 2, 28)
                    env["clock"] = datetime.time(23, 59, 59, 999999)
                    env["span"] = datetime.timedelta(days=-2, seconds=5, microseconds=7)
                    env["pairs"] = [(14.9, datetime.datetime(2026, 11, 27, 14, 0, 5)), (5.6, datetime.datetime(2026, 11, 27, 14, 0, 10))]
                    env["window"] = collections.deque([1, 2, 3], maxlen=3)
                    env["tags"] = {"b", "a"}
                    env["frozen"] = frozenset({(1, 2), "x"})
                    env[7] = {1: "one", 2.5: "two and a half", (3, 4): "pair", None: "none", True: "true"}
                    env["$dollar"] = {"$not-a-tag": 1}
                    env["raw"] = b"\\x00\\xffbytes"
                    env["mutable"] = bytearray(b"ab")
                    env["money"] = decimal.Decimal("10.50")
                    env["odd"] = [float("nan"), float("inf"), -0.0, 10 ** 30]
                    env["huge"] = 10 ** 5000 + 1
                    env["counts"] = collections.Counter("hello")
                    env["ordered"] = collections.OrderedDict([("z", 1), ("a", 2)])
                    env["grouped"] = collections.defaultdict(list, {"k": [1]})
                    env["json"] = {"list": [1, 2.0, "three", None, True], "nested": {"deep": [[]]}}
                return {
                    "types": {repr(k): type(v).__module__ + "." + type(v).__qualname__ for k, v in env.items()},
                    "reprs": {repr(k): shown(k, v) for k, v in env.items()},
                    "keys": [repr(k) for k in env],
                }
            """;

    @TempDir
    Path dir;

    @Test
    void aNewWorkerReadsTheSavedEnvBackWithTheSameTypesKeysAndValues() throws Exception {
        Path function = TestCode.write(dir.resolve("keeper.py"), KEEPER);
        Map<String, Object> stored;
        String saved;
        try (PythonFixture first =
                new PythonFixture(dir.resolve("one"), function, Optional.empty(), Optional.empty())) {
            first.loaded();
            Outcome.Success success = first.succeeds(Map.of("phase", "store"));
            stored = PythonFixture.object(success.output().orElseThrow());
            saved = success.envJson();
        }
        assertThat(saved).doesNotContain("pickle").doesNotContain("builtins");

        // a restart: the saved text, read into the map the state key gives back, handed to a new worker
        try (PythonFixture second =
                new PythonFixture(dir.resolve("two"), function, Optional.empty(), Optional.empty())) {
            second.loaded();
            second.context.restoreEnv(PythonFixture.object(saved), EnvForm.PYTHON);
            Map<String, Object> shown = PythonFixture.object(
                    second.succeeds(Map.of("phase", "show")).output().orElseThrow());

            assertThat(shown.get("keys")).isEqualTo(stored.get("keys"));
            assertThat(shown.get("types")).isEqualTo(stored.get("types"));
            assertThat(shown.get("reprs")).isEqualTo(stored.get("reprs"));
        }
        @SuppressWarnings("unchecked")
        Map<String, String> types = (Map<String, String>) stored.get("types");
        assertThat(types)
                .containsEntry("'naive'", "datetime.datetime")
                .containsEntry("'pairs'", "builtins.list")
                .containsEntry("'window'", "collections.deque")
                .containsEntry("7", "builtins.dict")
                .containsEntry("'money'", "decimal.Decimal");
    }

    @Test
    void theNextCallStartsFromExactlyWhatTheSavedFormReadsBackTo() throws Exception {
        // a list kept in two places would be two lists after a restart: the next call already sees them as two
        String sharing = """
                def handler(input, context):
                    env = context.env
                    if "a" not in env:
                        shared = [1]
                        env["a"] = shared
                        env["b"] = shared
                    else:
                        env["a"].append(2)
                    return {"b": env["b"]}
                """;
        Path function = TestCode.write(dir.resolve("sharing.py"), sharing);
        try (PythonFixture python = new PythonFixture(dir, function, Optional.empty(), Optional.empty())) {
            python.loaded();
            python.succeeds(Map.of());

            assertThat(python.succeeds(Map.of()).output()).contains("{\"b\":[1]}");
        }
    }

    @Test
    void aValueTheFormCannotCarryFailsTheCallWithThePathToIt() throws Exception {
        String socketKeeper = """
                import socket
                def handler(input, context):
                    context.env["x"] = [1, 2, 3, socket.socket()]
                    return {"kept": True}
                """;
        Path function = TestCode.write(dir.resolve("socket_keeper.py"), socketKeeper);
        try (PythonFixture python = new PythonFixture(dir, function, Optional.empty(), Optional.empty())) {
            python.loaded();

            Outcome.Failure failure = python.fails(Map.of());

            assertThat(failure.kind()).isEqualTo(CallOutcome.BAD_ENV);
            assertThat(failure.message()).isEqualTo("env['x'][3]: cannot save a <class 'socket.socket'>");
            assertThat(python.context.envSize())
                    .as("the live env is left as it was")
                    .isZero();
        }
    }
}
