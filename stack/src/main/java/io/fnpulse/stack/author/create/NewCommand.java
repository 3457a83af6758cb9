package io.fnpulse.stack.author.create;

import io.fnpulse.service.config.Env;
import io.fnpulse.stack.author.cli.Arguments;
import io.fnpulse.stack.author.cli.UsageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.lang.model.SourceVersion;

/**
 * {@code ./fnpulse new <package.Class> [DIR]}: a function project that builds and tests offline with its own Maven
 * wrapper — the handler (a real computation on a metrics snapshot), its JUnit 5 test on the test kit, a few recorded
 * snapshots, a README with the author's commands, and a kustomization that deploys it with fnpulse's manifests.
 * fnpulse's own artifacts are installed in the local Maven repository first where they are missing or out of date.
 *
 * <p>{@code ./fnpulse new --python <module> [DIR]}: the same for a Python function, as the course writes them — the
 * module, its test (the cases of {@code tests.jsonl} through {@code ./fnpulse invoke}, checked by a stdlib script:
 * no pytest, no Maven), recorded snapshots, a README, and a kustomization on the course overlay.
 */
public final class NewCommand {

    public static final String USAGE = """
            usage: ./fnpulse new <package.Class> [DIR]
                   ./fnpulse new --python <module> [DIR]
              a function project in DIR (default: the class's simple name, lower-case): pom.xml and ./mvnw, the
              handler in src/main/java, its test in src/test/java, inputs.jsonl, README.md, k8s/kustomization.yaml;
              with --python, a Python function in DIR (default: the module's name): <module>.py, its test
              test_<module>.py over tests.jsonl (run by python3, through ./fnpulse invoke), inputs.jsonl,
              README.md, kustomization.yaml""";

    private static final String PYTHON = "--python";
    private static final java.util.regex.Pattern MODULE = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private static final String TEMPLATES = "template/";
    private static final int SNAPSHOTS = 5;

    private final PrintStream out;
    private final Env env;
    private final Path checkoutRoot;

    public NewCommand(PrintStream out, Env env, Path checkoutRoot) {
        this.out = out;
        this.env = env;
        this.checkoutRoot = checkoutRoot;
    }

    /** The checkout the running jar was built in ({@code <root>/stack/target/fnpulse-stack.jar}). */
    public static Path builtIn() {
        return FnpulseCheckout.ofRunningJar();
    }

    /** @return the exit code */
    public int run(List<String> argList) throws IOException, InterruptedException {
        Arguments args = Arguments.parse(argList, Set.of(PYTHON), USAGE);
        if (args.has(PYTHON)) {
            return python(args);
        }
        if (args.positional().isEmpty() || args.positional().size() > 2) {
            throw args.error("expected the class to create and, optionally, the folder");
        }
        String className = args.positional().get(0);
        int dot = className.lastIndexOf('.');
        if (dot <= 0 || !SourceVersion.isName(className)) {
            throw args.error(className + ": expected a class name with its package, e.g. io.example.CpuAlert");
        }
        String packageName = className.substring(0, dot);
        String simpleName = className.substring(dot + 1);
        Path project =
                Path.of(args.positional().size() == 2 ? args.positional().get(1) : simpleName.toLowerCase(Locale.ROOT));
        if (Files.exists(project) && !isEmptyFolder(project)) {
            throw new UsageException(project + " exists and is not empty: choose another folder");
        }
        FnpulseCheckout checkout = FnpulseCheckout.at(checkoutRoot);
        LocalRepository repository = LocalRepository.of(env);
        Optional<String> install = repository.whyInstall(checkout);
        if (install.isPresent() && !install(checkout, install.get())) {
            return 1;
        }
        write(checkout, project, packageName, simpleName);
        Path source = project.resolve("src/main/java")
                .resolve(packageName.replace('.', '/'))
                .resolve(simpleName + ".java");
        out.println("fnpulse new: " + className + " in " + project + "/ (handler " + source
                + ", its test, inputs.jsonl," + " README.md, k8s/kustomization.yaml)");
        out.println("next:  cd " + project + " && ./mvnw -B -o verify");
        return 0;
    }

    /** A Python function's project; it needs nothing built, only this checkout's ./fnpulse to run its test. */
    private int python(Arguments args) throws IOException {
        String module = args.option(PYTHON).orElseThrow();
        if (!MODULE.matcher(module).matches()) {
            throw args.error(module + ": expected a Python module name, e.g. cpu_alert");
        }
        if (args.positional().size() > 1) {
            throw args.error("expected, after --python <module>, at most the folder");
        }
        Path project =
                Path.of(args.positional().isEmpty() ? module : args.positional().get(0));
        if (Files.exists(project) && !isEmptyFolder(project)) {
            throw new UsageException(project + " exists and is not empty: choose another folder");
        }
        FnpulseCheckout checkout = FnpulseCheckout.at(checkoutRoot);
        Path absolute = project.toAbsolutePath().normalize();
        Map<String, String> values = new LinkedHashMap<>();
        values.put("module", module);
        values.put(
                "fnpulse",
                absolute.relativize(checkout.root().toAbsolutePath().resolve("fnpulse"))
                        .toString());
        values.put(
                "fnpulseCourse",
                absolute.relativize(checkout.root().toAbsolutePath().resolve("k8s/overlays/course"))
                        .toString());
        writeFile(project.resolve(module + ".py"), template("python/handler.py", values));
        writeFile(project.resolve("test_" + module + ".py"), template("python/test_handler.py", values));
        writeFile(project.resolve("tests.jsonl"), template("python/tests.jsonl", values));
        writeFile(project.resolve("README.md"), template("python/README.md", values));
        writeFile(project.resolve("kustomization.yaml"), template("python/kustomization.yaml", values));
        writeFile(project.resolve(".gitignore"), template("python/gitignore", values));
        writeFile(project.resolve("inputs.jsonl"), String.join("\n", checkout.recordedSnapshots(SNAPSHOTS)) + "\n");
        out.println("fnpulse new: " + module + ".py in " + project + "/ (its test test_" + module + ".py over"
                + " tests.jsonl, inputs.jsonl, README.md, kustomization.yaml)");
        out.println("next:  python3 " + project.resolve("test_" + module + ".py"));
        return 0;
    }

    /** {@code ./mvnw -B -q install -DskipTests} for the modules a project depends on, in the checkout. */
    private boolean install(FnpulseCheckout checkout, String why) throws IOException, InterruptedException {
        List<String> command = List.of("./mvnw", "-B", "-q", "install", "-DskipTests", "-pl", "testkit", "-am");
        out.println("fnpulse new: fnpulse's artifacts are " + why + "; installing them once ("
                + String.join(" ", command) + ")...");
        out.flush();
        Process build = new ProcessBuilder(command)
                .directory(checkout.root().toFile())
                .inheritIO()
                .start();
        int exit = build.waitFor();
        if (exit != 0) {
            out.println("fnpulse new: the install failed (exit " + exit + "); the project was not written");
            return false;
        }
        return true;
    }

    private void write(FnpulseCheckout checkout, Path project, String packageName, String simpleName)
            throws IOException {
        String packagePath = packageName.replace('.', '/');
        Path absolute = project.toAbsolutePath().normalize();
        Map<String, String> values = new LinkedHashMap<>();
        values.put("package", packageName);
        values.put("packagePath", packagePath);
        values.put("class", simpleName);
        values.put("artifactId", simpleName.toLowerCase(Locale.ROOT));
        values.put("fnpulseVersion", checkout.version());
        values.put("junitVersion", checkout.junitVersion());
        values.put("plugins", plugins(checkout));
        values.put(
                "fnpulseBase",
                absolute.resolve("k8s")
                        .relativize(checkout.root().toAbsolutePath().resolve("k8s/base"))
                        .toString());
        values.put(
                "fnpulse",
                absolute.relativize(checkout.root().toAbsolutePath().resolve("fnpulse"))
                        .toString());

        Path main = project.resolve("src/main/java").resolve(packagePath);
        Path test = project.resolve("src/test/java").resolve(packagePath);
        String handler = template("Handler.java", values);
        writeFile(main.resolve(simpleName + ".java"), handler);
        writeFile(project.resolve("k8s").resolve(simpleName + ".java"), handler);
        writeFile(test.resolve(simpleName + "Test.java"), template("HandlerTest.java", values));
        writeFile(project.resolve("pom.xml"), template("pom.xml", values));
        writeFile(project.resolve("README.md"), template("README.md", values));
        writeFile(project.resolve("k8s/kustomization.yaml"), template("kustomization.yaml", values));
        writeFile(project.resolve(".gitignore"), template("gitignore", values));
        writeFile(project.resolve("inputs.jsonl"), String.join("\n", checkout.recordedSnapshots(SNAPSHOTS)) + "\n");
        for (String wrapperFile : List.of("mvnw", "mvnw.cmd", ".mvn/wrapper/maven-wrapper.properties")) {
            Path target = project.resolve(wrapperFile);
            Files.createDirectories(target.toAbsolutePath().getParent());
            Files.copy(checkout.root().resolve(wrapperFile), target, StandardCopyOption.COPY_ATTRIBUTES);
        }
        project.resolve("mvnw").toFile().setExecutable(true, false);
    }

    private static String plugins(FnpulseCheckout checkout) {
        return checkout.pluginVersions().entrySet().stream()
                .map(plugin -> "        <plugin>\n"
                        + "          <groupId>org.apache.maven.plugins</groupId>\n"
                        + "          <artifactId>" + plugin.getKey() + "</artifactId>\n"
                        + "          <version>" + plugin.getValue() + "</version>\n"
                        + "        </plugin>")
                .collect(Collectors.joining("\n"));
    }

    private static String template(String name, Map<String, String> values) {
        try (InputStream in = NewCommand.class.getResourceAsStream(TEMPLATES + name)) {
            if (in == null) {
                throw new IllegalStateException("the stack jar has no template " + name + ": rebuild it");
            }
            return FnpulseCheckout.substitute(new String(in.readAllBytes(), StandardCharsets.UTF_8), values);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeFile(Path file, String text) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, text);
    }

    private static boolean isEmptyFolder(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.findAny().isEmpty();
        }
    }
}
