package io.fnpulse.runtime.python;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnpulse.runtime.invoke.Outcome;
import io.fnpulse.runtime.load.FunctionLoadException;
import io.fnpulse.runtime.load.Refresh;
import io.fnpulse.runtime.report.ErrorReports;
import io.fnpulse.service.function.CallOutcome;
import io.fnpulse.testsupport.code.TestCode;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FUNCTION_ZIP with Python modules and packages: a function spread over many modules, its libraries under lib/
 * (plain packages and pure-Python wheels), the entry point named by FUNCTION_HANDLER or found by reading the sources.
 */
class PythonArchiveTest {

    private static final Path UNUSED_PATH = Path.of("/opt/usermodule.java");

    @TempDir
    Path dir;

    /** Three modules (one a package) and two libraries; the entry point is entry.compute. */
    private static TestCode.Archive threeModules() {
        byte[] wheel = new TestCode.Archive()
                .add("shout.py", "def shout(text):\n    return text.upper() + '!'\n")
                .add("shout-1.0.dist-info/METADATA", "Name: shout\nVersion: 1.0\n")
                .bytes();
        return new TestCode.Archive()
                .add("entry.py", """
                        from stats.window import mean
                        from helpers import label
                        import tinyfmt
                        from shout import shout

                        def compute(input, context):
                            values = context.env.setdefault("values", [])
                            values.append(input["value"])
                            return {"mean": mean(values), "label": shout(label(len(values))), "shown": tinyfmt.fmt(1.5)}
                        """)
                .add("stats/__init__.py", "")
                .add("stats/window.py", "def mean(values):\n    return sum(values) / len(values)\n")
                .add("helpers.py", "def label(count):\n    return 'after %d' % count\n")
                .add("lib/tinyfmt/__init__.py", "def fmt(value):\n    return '%.2f' % value\n")
                .add("lib/shout-1.0-py3-none-any.whl", wheel);
    }

    @Test
    void runsAFunctionSpreadOverModulesWithTheEntryPointNamedModuleColonFunction() throws Exception {
        Path zip = threeModules().writeTo(dir.resolve("function.zip"));
        try (PythonFixture python =
                new PythonFixture(dir, UNUSED_PATH, Optional.of(zip.toString()), Optional.of("entry:compute"))) {
            assertThat(python.loaded().describe()).startsWith("entry:compute from " + zip + " (");

            python.succeeds(Map.of("value", 1));
            Outcome.Success second = python.succeeds(Map.of("value", 2));

            assertThat(second.output()).contains("{\"mean\":1.5,\"label\":\"AFTER 2!\",\"shown\":\"1.50\"}");
        }
    }

    @Test
    void takesTheDottedFormTooAndShowsErrorsInTheArchivesOwnFileNames() throws Exception {
        Path zip = threeModules().writeTo(dir.resolve("function.zip"));
        try (PythonFixture python =
                new PythonFixture(dir, UNUSED_PATH, Optional.of(zip.toString()), Optional.of("entry.compute"))) {
            python.loaded();

            Outcome.Failure failure = python.fails(Map.of("value", "text"));

            assertThat(failure.kind()).isEqualTo(CallOutcome.FUNCTION_ERROR);
            assertThat(ErrorReports.of(failure.cause()).type()).isEqualTo("TypeError");
            assertThat(ErrorReports.of(failure.cause()).stackTrace())
                    .contains("File \"" + zip + "!/entry.py\", line 9, in compute")
                    .contains("File \"" + zip + "!/stats/window.py\", line 2, in mean");
            assertThat(failure.cause().getMessage()).endsWith("(at " + zip + "!/stats/window.py:2)");
        }
    }

    @Test
    void findsTheOneModuleThatDefinesHandlerWhenNoneIsNamed() throws Exception {
        Path zip = new TestCode.Archive()
                .add(
                        "main.py",
                        "from helpers import twice\n\ndef handler(input, context):\n    return {'x': twice(2)}\n")
                .add("helpers.py", "def twice(x):\n    return 2 * x\n")
                .writeTo(dir.resolve("function.zip"));
        try (PythonFixture python =
                new PythonFixture(dir, UNUSED_PATH, Optional.of(zip.toString()), Optional.empty())) {
            assertThat(python.loaded().describe()).startsWith("main:handler from ");

            assertThat(python.succeeds(Map.of()).output()).contains("{\"x\":4}");
        }
    }

    @Test
    void saysWhichModulesItLookedInWhenNoneOrSeveralDefineTheFunction() throws Exception {
        Path none = new TestCode.Archive()
                .add("a.py", "def run(input, context):\n    return None\n")
                .add("b/__init__.py", "")
                .writeTo(dir.resolve("none.zip"));
        FunctionLoadException noneDefines = loadFailure(none, Optional.empty());

        assertThat(noneDefines.kind()).isEqualTo(FunctionLoadException.Kind.HANDLER);
        assertThat(noneDefines.getMessage())
                .isEqualTo("FUNCTION_ZIP " + none + ": no top-level module defines handler(); looked in a.py,"
                        + " b/__init__.py. Name it with FUNCTION_HANDLER=module.function or module:function");

        Path several = new TestCode.Archive()
                .add("a.py", "def handler(input, context):\n    return None\n")
                .add("b.py", "from a import handler\n")
                .writeTo(dir.resolve("several.zip"));
        assertThat(loadFailure(several, Optional.empty()).getMessage())
                .isEqualTo("FUNCTION_ZIP " + several + ": several top-level modules define handler(): a, b;"
                        + " pick one with FUNCTION_HANDLER=module.handler");
    }

    @Test
    void namesTheModulesThereAreWhenTheNamedOneIsMissing() throws Exception {
        Path zip = threeModules().writeTo(dir.resolve("function.zip"));

        assertThat(loadFailure(zip, Optional.of("main:handler")).getMessage())
                .isEqualTo("FUNCTION_ZIP " + zip + ": no module named 'main' on the function's path; its top-level"
                        + " modules: entry, helpers, stats");
    }

    @Test
    void refusesAnEntryThatEscapesTheFolderAsForJavaArchives() throws Exception {
        Path zip = new TestCode.Archive()
                .add("main.py", "def handler(input, context):\n    return None\n")
                .add("../escaped.py", "print('out')\n")
                .writeTo(dir.resolve("function.zip"));
        FunctionLoadException error = loadFailure(zip, Optional.empty());

        assertThat(error.kind()).isEqualTo(FunctionLoadException.Kind.ARCHIVE);
        assertThat(error.getMessage()).contains("entry ../escaped.py escapes the extraction folder");
    }

    /** Why the archive does not load, in a work folder of its own. */
    private FunctionLoadException loadFailure(Path zip, Optional<String> handler) {
        Path work = dir.resolve("work-" + zip.getFileName());
        try (PythonFixture python = new PythonFixture(work, UNUSED_PATH, Optional.of(zip.toString()), handler)) {
            Refresh refresh = python.refresh();
            assertThat(refresh).isInstanceOf(Refresh.Failed.class);
            return ((Refresh.Failed) refresh).error();
        }
    }
}
