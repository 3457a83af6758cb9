package io.fnpulse.dashboard.calls;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnpulse.service.function.CallOutcome;
import io.fnpulse.service.function.CallRecord;
import io.fnpulse.service.function.ErrorReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The page reads the calls log entries the runtime writes: every field its JavaScript reads from a call (a value with
 * an {@code outcome}) is a component of {@link CallRecord} (or the {@code id} the dashboard adds, {@link LoggedCall}),
 * every field it reads from a call's error one of {@link ErrorReport}, and every outcome it compares with is a tag of
 * {@link CallOutcome}. A rename on either side fails here instead of leaving a panel that shows nothing. (The page
 * shows no dead letters, so no script reads a {@code DeadLetter}.)
 */
class PageReadsTheCallRecordTest {

    private static final Path PUBLIC = Path.of("src/main/resources/public");
    /** A name followed by a field read: {@code call.outcome}, {@code call?.error}. */
    private static final Pattern FIELD_READ = Pattern.compile("\\b([A-Za-z_$][\\w$]*)\\??\\.([A-Za-z_$][\\w$]*)");
    /** {@code const error = call.error ...}: a name given a call's error. */
    private static final Pattern ERROR_NAME =
            Pattern.compile("\\b(?:const|let|var)\\s+([A-Za-z_$][\\w$]*)\\s*=\\s*([A-Za-z_$][\\w$]*)\\??\\.error\\b");
    /** {@code x.outcome === 'tag'}, {@code 'tag' !== x.outcome}. */
    private static final Pattern OUTCOME_COMPARED = Pattern.compile(
            "\\.outcome\\s*[!=]==?\\s*['\"]([^'\"]+)['\"]|['\"]([^'\"]+)['\"]\\s*[!=]==?\\s*[\\w$.?]+\\.outcome\\b");
    /** {@code SUCCESSES.has(call.outcome)}: a set the outcome is looked up in. */
    private static final Pattern OUTCOME_LOOKUP =
            Pattern.compile("\\b([A-Za-z_$][\\w$]*)\\.has\\(\\s*[\\w$.?]+\\.outcome\\s*\\)");
    /** {@code ['success', 'no_output'].includes(call.outcome)}: a list the outcome is looked up in. */
    private static final Pattern OUTCOME_LIST =
            Pattern.compile("\\[([^\\]]*)\\]\\s*\\.includes\\(\\s*[\\w$.?]+\\.outcome\\s*\\)");

    /** What the scripts read from calls and their errors, and the outcomes they name. */
    record Reads(Map<String, Set<String>> callFields, Set<String> errorFields, Set<String> outcomes) {}

    @Test
    void everyFieldThePageReadsFromACallIsOneTheRecordsHave() throws IOException {
        Reads reads = readsOf(scripts());
        assertThat(reads.callFields())
                .as("the scripts that read calls (a value with an outcome)")
                .containsKey("calls.js");
        Set<String> known = components(CallRecord.class);
        known.add(LoggedCall.ID);
        reads.callFields()
                .forEach((file, fields) -> assertThat(fields)
                        .as("fields %s reads from a call; CallRecord has %s", file, known)
                        .isNotEmpty()
                        .isSubsetOf(known));
        assertThat(reads.errorFields()).as("fields read from a call's error").isSubsetOf(components(ErrorReport.class));
    }

    @Test
    void everyOutcomeThePageComparesWithIsACallOutcomeTag() throws IOException {
        Set<String> outcomes = readsOf(scripts()).outcomes();
        assertThat(outcomes).as("the outcomes the page names").isNotEmpty();
        assertThat(outcomes)
                .isSubsetOf(Arrays.stream(CallOutcome.values())
                        .map(CallOutcome::tag)
                        .collect(Collectors.toSet()));
    }

    @Test
    void theReadingOfAScriptFindsAFieldTheRecordLacks() {
        Reads reads = readsOf(Map.of("probe.js", """
                const DONE = new Set(['success', 'finished']);
                function show(call) {
                  if (!DONE.has(call.outcome) && ['bad_input'].includes(call.outcome)) return '';
                  const error = call.error || {};
                  return `${call.outcome} ${call.durationMillis} ${error.kind}`;
                }
                """));
        assertThat(reads.callFields().get("probe.js")).contains("outcome", "error", "durationMillis");
        assertThat(reads.errorFields()).containsExactly("kind");
        assertThat(reads.outcomes()).containsExactlyInAnyOrder("success", "finished", "bad_input");
    }

    private static Map<String, String> scripts() throws IOException {
        Map<String, String> scripts = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(PUBLIC)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".js")).sorted().toList()) {
                scripts.put(file.getFileName().toString(), Files.readString(file));
            }
        }
        assertThat(scripts).as("the page's scripts in %s", PUBLIC).isNotEmpty();
        return scripts;
    }

    static Reads readsOf(Map<String, String> scripts) {
        Map<String, Set<String>> callFields = new LinkedHashMap<>();
        Set<String> errorFields = new TreeSet<>();
        Set<String> outcomes = new TreeSet<>();
        scripts.forEach((file, source) -> {
            String code = withoutComments(source);
            Set<String> calls = new HashSet<>();
            Matcher read = FIELD_READ.matcher(code);
            while (read.find()) {
                if (read.group(2).equals("outcome") && !read.group(1).equals("this") && !assigned(code, read.end())) {
                    calls.add(read.group(1));
                }
            }
            Set<String> errors = new HashSet<>();
            Matcher error = ERROR_NAME.matcher(code);
            while (error.find()) {
                if (calls.contains(error.group(2))) {
                    errors.add(error.group(1));
                }
            }
            Set<String> fields = new TreeSet<>();
            read = FIELD_READ.matcher(code);
            while (read.find()) {
                if (calls.contains(read.group(1))) {
                    fields.add(read.group(2));
                } else if (errors.contains(read.group(1))) {
                    errorFields.add(read.group(2));
                }
            }
            Matcher nested =
                    Pattern.compile("\\b(\\w+)\\??\\.error\\??\\.(\\w+)").matcher(code);
            while (nested.find()) {
                if (calls.contains(nested.group(1))) {
                    errorFields.add(nested.group(2));
                }
            }
            if (!fields.isEmpty()) {
                callFields.put(file, fields);
            }
            Matcher compared = OUTCOME_COMPARED.matcher(code);
            while (compared.find()) {
                outcomes.add(compared.group(1) != null ? compared.group(1) : compared.group(2));
            }
            Matcher lookup = OUTCOME_LOOKUP.matcher(code);
            while (lookup.find()) {
                Matcher set = Pattern.compile(
                                "\\b" + Pattern.quote(lookup.group(1)) + "\\s*=\\s*new Set\\(\\[([^\\]]*)\\]\\)")
                        .matcher(code);
                while (set.find()) {
                    literals(set.group(1), outcomes);
                }
            }
            Matcher list = OUTCOME_LIST.matcher(code);
            while (list.find()) {
                literals(list.group(1), outcomes);
            }
        });
        return new Reads(callFields, errorFields, outcomes);
    }

    private static void literals(String list, Set<String> into) {
        Matcher literal = Pattern.compile("['\"]([^'\"]+)['\"]").matcher(list);
        while (literal.find()) {
            into.add(literal.group(1));
        }
    }

    /** Whether the field just read is written instead ({@code node.dataset.outcome = ...}): a write is no read. */
    private static boolean assigned(String code, int end) {
        String rest = code.substring(end).stripLeading();
        return rest.startsWith("=") && !rest.startsWith("==");
    }

    private static String withoutComments(String source) {
        return source.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("(?m)^\\s*//.*$", "");
    }

    private static Set<String> components(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents())
                .map(component -> component.getName())
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
