package io.fnpulse.runtime.load;

import io.fnpulse.testsupport.code.TestCode;
import java.nio.file.Path;
import java.util.Map;

/**
 * A function of several classes in several packages that needs a library jar: what a user ships as FUNCTION_ZIP.
 * {@code marker} tells versions apart.
 */
final class SampleFunction {

    static final String HANDLER = "com.example.fn.Entry::process";
    static final Map<String, Object> INPUT = Map.of("name", "cpu", "value", 21);

    private SampleFunction() {}

    static Map<String, Object> output(String marker) {
        return Map.of("label", "CPU!", "double", 42.0, "marker", marker);
    }

    static Map<String, String> librarySources() {
        return Map.of("com/example/text/Shout.java", """
                package com.example.text;

                public final class Shout {
                    public static String shout(String text) {
                        return text.toUpperCase(java.util.Locale.ROOT) + "!";
                    }
                }
                """);
    }

    static Map<String, String> sources(String marker) {
        return Map.of("com/example/fn/Entry.java", """
                        package com.example.fn;

                        import com.example.model.Reading;
                        import com.example.text.Shout;
                        import io.fnpulse.api.Context;
                        import java.util.Map;

                        public class Entry {
                            public static Map<String, Object> process(Map<String, Object> input, Context context) {
                                Reading reading = Reading.from(input);
                                return Map.of("label", Shout.shout(reading.name()), "double", reading.value() * 2,
                                        "marker", "%s");
                            }
                        }
                        """.formatted(marker), "com/example/model/Reading.java", """
                        package com.example.model;

                        import java.util.Map;

                        public record Reading(String name, double value) {
                            public static Reading from(Map<String, Object> input) {
                                return new Reading((String) input.get("name"),
                                        ((Number) input.get("value")).doubleValue());
                            }
                        }
                        """);
    }

    static byte[] libraryJar(Path workspace) {
        return new TestCode.Archive()
                .addAll("", TestCode.compile(workspace, librarySources()))
                .bytes();
    }

    /** Compiled classes at the root, the library in lib/. */
    static byte[] compiledZip(Path workspace, String marker) {
        Path library = TestCode.write(workspace.resolve("shout.jar"), libraryJar(workspace));
        return new TestCode.Archive()
                .addAll("", TestCode.compile(workspace, sources(marker), library))
                .add("lib/shout.jar", libraryJar(workspace))
                .bytes();
    }

    /** Sources under src/, the library in lib/. */
    static byte[] sourceZip(Path workspace, String marker) {
        return new TestCode.Archive()
                .addSources("src/", sources(marker))
                .add("lib/shout.jar", libraryJar(workspace))
                .add("README.txt", "how to build this function")
                .bytes();
    }
}
