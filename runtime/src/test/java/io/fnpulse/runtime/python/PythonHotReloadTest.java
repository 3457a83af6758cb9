package io.fnpulse.runtime.python;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnpulse.runtime.load.FunctionLoadException;
import io.fnpulse.runtime.load.LoadedFunction;
import io.fnpulse.runtime.load.Refresh;
import io.fnpulse.testsupport.code.TestCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new version of a Python function is imported in a fresh worker before it replaces the running one: one that
 * does not import (a syntax error, an exception at import, no such function) leaves the old version running, with
 * the error, and env goes on across a reload that works.
 */
class PythonHotReloadTest {

    @TempDir
    Path dir;

    private static String counting(String name) {
        return "def handler(input, context):\n"
                + "    context.env['n'] = context.env.get('n', 0) + 1\n"
                + "    return {'version': '" + name + "', 'n': context.env['n']}\n";
    }

    private static void rewrite(Path file, String text, int secondsLater) throws Exception {
        TestCode.write(file, text);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(secondsLater)));
    }

    @Test
    void aSyntaxErrorLeavesTheOldVersionRunningWithTheLineOfTheError() throws Exception {
        Path source = TestCode.write(dir.resolve("usermodule.py"), counting("one"));
        try (PythonFixture python = new PythonFixture(dir, source, Optional.empty(), Optional.empty())) {
            LoadedFunction one = python.loaded();
            assertThat(python.succeeds(Map.of()).output()).contains("{\"version\":\"one\",\"n\":1}");

            rewrite(source, "def handler(input, context)\n    return {}\n", 1);
            Refresh.Failed failed = (Refresh.Failed) python.refresh();

            assertThat(failed.error().kind()).isEqualTo(FunctionLoadException.Kind.COMPILE);
            assertThat(failed.error().getMessage())
                    .startsWith("FUNCTION_PATH " + source + ": SyntaxError at " + source + ":1: expected ':'");
            assertThat(failed.stillRunning()).containsSame(one);
            assertThat(python.succeeds(Map.of()).output()).contains("{\"version\":\"one\",\"n\":2}");

            rewrite(source, counting("two"), 2);
            assertThat(python.refresh()).isInstanceOf(Refresh.Loaded.class);
            assertThat(python.succeeds(Map.of()).output())
                    .as("the new version, with the env the old one left")
                    .contains("{\"version\":\"two\",\"n\":3}");
        }
    }

    @Test
    void anExceptionWhileImportingIsAFailedLoadWithTheTraceback() throws Exception {
        Path source = TestCode.write(dir.resolve("usermodule.py"), counting("one"));
        try (PythonFixture python = new PythonFixture(dir, source, Optional.empty(), Optional.empty())) {
            python.loaded();

            rewrite(
                    source,
                    "import json\nCONFIG = json.loads('{broken')\n\ndef handler(input, context):\n    pass\n",
                    1);
            FunctionLoadException error = ((Refresh.Failed) python.refresh()).error();

            assertThat(error.kind()).isEqualTo(FunctionLoadException.Kind.INIT);
            assertThat(error.getMessage())
                    .startsWith("FUNCTION_PATH " + source + ": importing it raised json.decoder.JSONDecodeError:")
                    .contains("(at " + source + ":2)")
                    .contains("File \"" + source + "\", line 2, in <module>");
            assertThat(python.succeeds(Map.of()).output()).contains("{\"version\":\"one\",\"n\":1}");
        }
    }

    @Test
    void namesWhatTheModuleDefinesWhenTheFunctionIsNotThere() throws Exception {
        Path source = TestCode.write(
                dir.resolve("usermodule.py"), "def handle(input, context):\n    pass\n\ndef helper():\n    pass\n");
        try (PythonFixture python = new PythonFixture(dir, source, Optional.empty(), Optional.empty())) {
            FunctionLoadException error = ((Refresh.Failed) python.refresh()).error();

            assertThat(error.kind()).isEqualTo(FunctionLoadException.Kind.HANDLER);
            assertThat(error.getMessage())
                    .isEqualTo("FUNCTION_PATH " + source + ": module usermodule (" + source + ") has no handler(); it"
                            + " defines: handle, helper. To call handle(), set FUNCTION_HANDLER=handle (./fnpulse:"
                            + " --handler handle)");
        }
    }

    @Test
    void leavesTheChoiceToTheAuthorWhenSeveralFunctionsCouldBeTheHandler() throws Exception {
        Path source = TestCode.write(
                dir.resolve("usermodule.py"),
                "def handle(input, context):\n    pass\n\ndef main(event):\n    pass\n\ndef helper(a, b, c):\n"
                        + "    pass\n");
        try (PythonFixture python = new PythonFixture(dir, source, Optional.empty(), Optional.empty())) {
            FunctionLoadException error = ((Refresh.Failed) python.refresh()).error();

            assertThat(error.getMessage())
                    .endsWith("has no handler(); it defines: handle, helper, main. Name the one to call with"
                            + " FUNCTION_HANDLER (./fnpulse: --handler)");
        }
    }

    @Test
    void refusesAFunctionThatCannotTakeInputAndContext() throws Exception {
        Path source = TestCode.write(dir.resolve("usermodule.py"), "def handler(a, b, c):\n    pass\n");
        try (PythonFixture python =
                new PythonFixture(dir, source, Optional.empty(), Optional.of("usermodule.handler"))) {
            assertThat(((Refresh.Failed) python.refresh()).error().getMessage())
                    .isEqualTo("FUNCTION_PATH " + source + ": usermodule.handler(a, b, c) cannot be called as"
                            + " handler(input, context)");
        }
    }

    @Test
    void anImportThatHangsIsAFailedLoadAtTheTimeout() throws Exception {
        Path source = TestCode.write(
                dir.resolve("usermodule.py"),
                "import time\ntime.sleep(60)\n\ndef handler(input, context):\n    pass\n");
        try (PythonFixture python = new PythonFixture(
                dir,
                source,
                Optional.empty(),
                Optional.empty(),
                java.time.Duration.ofSeconds(10),
                java.time.Duration.ofSeconds(1),
                8192)) {
            FunctionLoadException error = ((Refresh.Failed) python.refresh()).error();

            assertThat(error.kind()).isEqualTo(FunctionLoadException.Kind.TIMEOUT);
            assertThat(error.getMessage())
                    .isEqualTo("FUNCTION_PATH " + source + ": importing it ran past the 1 s timeout;"
                            + " HANDLER_TIMEOUT_SECONDS bounds it like a call");
        }
    }
}
