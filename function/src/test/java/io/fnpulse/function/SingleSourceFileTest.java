package io.fnpulse.function;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnpulse.api.Context;
import io.fnpulse.testsupport.data.ProjectFiles;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The function ships as one source file in a ConfigMap: it must compile alone, against the JDK and the api only. */
class SingleSourceFileTest {

    private static final Path SOURCE =
            ProjectFiles.resolve("function/src/main/java/io/fnpulse/function/MetricsFunction.java");

    @Test
    void importsNothingButTheJdkAndTheApi() throws Exception {
        List<String> imports = Files.readAllLines(SOURCE).stream()
                .filter(line -> line.startsWith("import "))
                .toList();

        assertThat(imports)
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line).matches("import (java\\.|io\\.fnpulse\\.api\\.)[\\w.]+;"));
    }

    @Test
    void compilesAloneAgainstTheApiJar(@TempDir Path out) throws Exception {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        String apiClasses = Path.of(Context.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .toString();
        StringWriter errors = new StringWriter();

        boolean compiled = compiler.getTask(
                        errors,
                        null,
                        null,
                        List.of("-classpath", apiClasses, "-d", out.toString(), "-Xlint:all", "-Werror"),
                        null,
                        compiler.getStandardFileManager(null, null, null).getJavaFileObjects(SOURCE))
                .call();

        assertThat(compiled).as(errors.toString()).isTrue();
        assertThat(out.resolve("io/fnpulse/function/MetricsFunction.class")).isRegularFile();
    }
}
