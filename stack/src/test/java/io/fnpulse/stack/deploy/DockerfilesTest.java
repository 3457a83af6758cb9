package io.fnpulse.stack.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fnpulse.testsupport.data.ProjectFiles;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each service's Dockerfile, checked against the repository and the code (no Docker engine needed): what it copies
 * exists, its Maven build gets every pom and the sources it compiles, and the image runs the jar that build makes,
 * as a non-root user, on the port the service listens on.
 */
class DockerfilesTest {

    private static final Pattern MAVEN_MODULE = Pattern.compile("\\./mvnw .*-pl (\\S+) -am .*package");
    private static final Pattern ADD_MODULES = Pattern.compile("--add-modules \"([^\"]+)\"");
    private static final Pattern AOT_CACHE = Pattern.compile("-XX:AOTCache=(\\S+)");

    @ParameterizedTest
    @EnumSource(FnpulseService.class)
    void everyCopySourceIsInTheRepositoryOrAnEarlierStage(FnpulseService service) {
        Dockerfile dockerfile = Dockerfile.of(service);
        List<String> stages = new ArrayList<>();
        for (Dockerfile.Stage stage : dockerfile.stages()) {
            for (Dockerfile.Copy copy : stage.copies()) {
                if (copy.from().isPresent()) {
                    assertThat(stages)
                            .as(
                                    "%s:%d COPY --from=%s",
                                    service.dockerfile(),
                                    copy.line(),
                                    copy.from().get())
                            .contains(copy.from().get());
                } else {
                    assertThat(copy.sources())
                            .as(
                                    "%s:%d COPY sources, relative to the repository root (the build context)",
                                    service.dockerfile(), copy.line())
                            .allSatisfy(source ->
                                    assertThat(ProjectFiles.resolve(source)).exists());
                }
            }
            stages.add(stage.name());
        }
    }

    @ParameterizedTest
    @EnumSource(FnpulseService.class)
    void theBuildStageGetsEveryPomAndTheSourcesOfEveryModuleItBuilds(FnpulseService service) {
        Dockerfile.Stage build = buildStage(service);
        MavenModules maven = MavenModules.read();
        List<String> copied =
                build.copies().stream().flatMap(copy -> copy.sources().stream()).toList();

        assertThat(copied).as("the wrapper and the root pom").contains("mvnw", "pom.xml", ".mvn");
        assertThat(copied)
                .as("Maven reads every module's pom, even to build one")
                .containsAll(maven.modules().stream()
                        .map(module -> module + "/pom.xml")
                        .toList());
        assertThat(copied)
                .as("the sources of %s and what it is built from", service)
                .containsAll(maven.alsoMake(service.module()).stream()
                        .map(module -> module + "/src/main")
                        .toList());
    }

    @ParameterizedTest
    @EnumSource(FnpulseService.class)
    void theImageRunsTheJarItsBuildStageMakes(FnpulseService service) {
        Dockerfile dockerfile = Dockerfile.of(service);
        Dockerfile.Stage build = buildStage(service);
        String workdir = build.last("WORKDIR").orElseThrow().arguments();
        String builtJar = workdir + "/" + MavenModules.read().jar(service.module());

        assertThat(builtJar).endsWith("/" + service.jarName());
        assertThat(dockerfile.origin(dockerfile.finalStage().name(), dockerfile.entrypointJar()))
                .as("the jar ENTRYPOINT runs, followed through the COPY instructions")
                .isEqualTo(new Dockerfile.Origin(Optional.of(build), builtJar));
    }

    @ParameterizedTest
    @EnumSource(FnpulseService.class)
    void theImageRunsAsANumericNonRootUser(FnpulseService service) {
        String user =
                Dockerfile.of(service).finalStage().last("USER").orElseThrow().arguments();

        assertThat(user)
                .as("a numeric uid, so that Kubernetes can verify runAsNonRoot")
                .matches("\\d+(:\\d+)?");
        assertThat(Integer.parseInt(user.split(":")[0])).isPositive();
    }

    @ParameterizedTest
    @EnumSource(FnpulseService.class)
    void theImageExposesThePortTheServiceListensOnByDefault(FnpulseService service) {
        Dockerfile.Stage image = Dockerfile.of(service).finalStage();
        Map<String, String> env = new LinkedHashMap<>(Dockerfile.imageEnv(service));
        env.putIfAbsent("REDIS_OUTPUT_KEY", "output");

        assertThat(image.last("EXPOSE").orElseThrow().arguments())
                .isEqualTo(Integer.toString(service.listeningPort(env)));
    }

    @ParameterizedTest
    @EnumSource(FnpulseService.class)
    void theImageSetsOnlyVariablesItsServiceOrTheJvmReadsAndTheJvmAcceptsItsOptions(FnpulseService service)
            throws Exception {
        Map<String, String> env = Dockerfile.of(service).finalStage().env();
        assertThat(env.keySet())
                .allMatch(
                        name -> service.reads(name) || name.equals("PATH") || name.equals("JAVA_HOME"),
                        "read by " + service + " or the JVM");

        int feature = Dockerfile.of(service).javaFeature();
        Optional<Path> launcher = ImageJdk.java(feature);
        assumeTrue(
                launcher.isPresent(),
                "no Java " + feature + " JDK here (JDK" + feature + "_HOME) to try the options on");
        List<String> command = new ArrayList<>(List.of(launcher.get().toString()));
        command.addAll(Dockerfile.of(service).jvmOptions());
        command.add("-version");
        ProcessBuilder java = new ProcessBuilder(command).redirectErrorStream(true);
        java.environment().put("JAVA_TOOL_OPTIONS", env.getOrDefault("JAVA_TOOL_OPTIONS", ""));
        Process process = java.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue())
                .as("java %s with JAVA_TOOL_OPTIONS=%s:\n%s", command, env.get("JAVA_TOOL_OPTIONS"), output)
                .isZero();
    }

    @ParameterizedTest
    @EnumSource(FnpulseService.class)
    void theImageRunsAJlinkedJreOfTheModulesJdepsFindsAndNamesOnlyModulesThatExist(FnpulseService service) {
        Dockerfile dockerfile = Dockerfile.of(service);
        String jlink = dockerfile.stages().stream()
                .flatMap(stage -> stage.all("RUN").stream())
                .map(Dockerfile.Instruction::arguments)
                .filter(run -> run.startsWith("jlink"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no RUN jlink in " + dockerfile.file()));
        Matcher modules = ADD_MODULES.matcher(jlink);
        assertThat(modules.find()).as("--add-modules in %s", jlink).isTrue();

        assertThat(modules.group(1))
                .as("modules computed by jdeps from the jar")
                .contains("$(jdeps --print-module-deps");
        List<String> named =
                List.of(modules.group(1).replaceFirst("^\\$\\([^)]*\\),?", "").split(","));
        assertThat(named)
                .allSatisfy(module -> assertThat(ModuleFinder.ofSystem().find(module))
                        .as("JDK module %s", module)
                        .isPresent());
        if (service == FnpulseService.RUNTIME) {
            assertThat(named)
                    .as("functions shipped as .java are compiled in-process")
                    .contains("jdk.compiler");
        }
        Matcher output = Pattern.compile("--output (\\S+)").matcher(jlink);
        assertThat(output.find()).as("--output in %s", jlink).isTrue();
        assertThat(dockerfile.finalStage().env())
                .as("the image runs the jlinked JRE")
                .containsEntry("JAVA_HOME", output.group(1))
                .hasEntrySatisfying("PATH", path -> assertThat(path).startsWith(output.group(1) + "/bin:"));
    }

    @ParameterizedTest
    @EnumSource(FnpulseService.class)
    void theImageIsTheJreOnTheFewFilesItNeedsOnAnEmptyBase(FnpulseService service) {
        Dockerfile dockerfile = Dockerfile.of(service);
        Dockerfile.Stage image = dockerfile.finalStage();
        Dockerfile.Stage rootfs = image.copies().stream()
                .filter(copy -> copy.sources().equals(List.of("/rootfs/")))
                .flatMap(copy -> copy.from().flatMap(dockerfile::stage).stream())
                .findFirst()
                .orElseThrow(() ->
                        new AssertionError(dockerfile.file() + ": the final stage copies no /rootfs/ from a stage"));

        assertThat(image.baseImage()).isEqualTo("scratch");
        assertThat(rootfs.all("RUN"))
                .as("%s builds /rootfs with docker/jre-rootfs.sh", rootfs.name())
                .anySatisfy(run -> assertThat(run.arguments()).startsWith("jre-rootfs.sh /rootfs"));
        assertThat(rootfs.copies())
                .anySatisfy(copy -> assertThat(copy.sources()).contains("docker/jre-rootfs.sh"));
    }

    @Test
    void theRuntimeImageCarriesDebiansPythonBesideTheJreForPythonFunctions() {
        Dockerfile dockerfile = Dockerfile.of(FnpulseService.RUNTIME);
        Dockerfile.Stage rootfs = dockerfile.finalStage().copies().stream()
                .filter(copy -> copy.sources().equals(List.of("/rootfs/")))
                .flatMap(copy -> copy.from().flatMap(dockerfile::stage).stream())
                .findFirst()
                .orElseThrow();
        List<String> runs =
                rootfs.all("RUN").stream().map(run -> run.arguments()).toList();
        int installed =
                indexOf(runs, "apt-get install -y --no-install-recommends python3.11-minimal libpython3.11-stdlib");
        int python = indexOf(runs, "python-rootfs.sh /rootfs");
        int libraries = indexOf(runs, "jre-rootfs.sh /rootfs");

        assertThat(installed)
                .as("Debian's CPython installed in %s", rootfs.name())
                .isNotNegative();
        assertThat(python)
                .as("copied into /rootfs after it is installed, before jre-rootfs.sh adds the libraries it links")
                .isGreaterThan(installed)
                .isLessThan(libraries);
        assertThat(rootfs.copies())
                .anySatisfy(copy -> assertThat(copy.sources()).contains("docker/python-rootfs.sh"));
        assertThat(dockerfile.finalStage().env().get("PATH"))
                .as("PYTHON's default, /usr/bin/python3, on the PATH too")
                .contains(":/usr/bin");
    }

    /** The index of the first RUN that contains {@code command}; -1 when none does. */
    private static int indexOf(List<String> runs, String command) {
        for (int i = 0; i < runs.size(); i++) {
            if (runs.get(i).replaceAll("\\s+", " ").contains(command)) {
                return i;
            }
        }
        return -1;
    }

    @ParameterizedTest
    @EnumSource(FnpulseService.class)
    void everyBaseImageIsABuildArgumentWhoseDefaultIsTheSameInEveryDockerfile(FnpulseService service) {
        Dockerfile dockerfile = Dockerfile.of(service);
        List<String> stages = new ArrayList<>();
        for (Dockerfile.Stage stage : dockerfile.stages()) {
            String base = stage.baseImage();
            if (!base.equals("scratch") && !stages.contains(base)) {
                assertThat(base)
                        .as(
                                "%s: FROM of stage %s: a build argument, so that a mirror can be used",
                                dockerfile.file(), stage.name())
                        .matches("\\$\\{\\w+}");
                assertThat(dockerfile.defaultBase(stage))
                        .as("%s: the default of %s", dockerfile.file(), base)
                        .isNotBlank();
            }
            stages.add(stage.name());
        }
        for (FnpulseService other : FnpulseService.values()) {
            Map<String, String> theirs = Dockerfile.of(other).args();
            dockerfile.args().forEach((name, value) -> {
                if (theirs.containsKey(name)) {
                    assertThat(theirs.get(name))
                            .as("%s in %s and in %s", name, service.dockerfile(), other.dockerfile())
                            .isEqualTo(value);
                }
            });
        }
    }

    @ParameterizedTest
    @EnumSource(FnpulseService.class)
    void theBuildStageTrustsTheOptionalExtraCaBeforeMavenRuns(FnpulseService service) {
        List<Dockerfile.Instruction> build = buildStage(service).instructions();
        int arg = indexOf(build, "ARG", "EXTRA_CA_CERT");
        int trust = indexOf(build, "RUN", "trust-extra-ca.sh");
        int maven = indexOf(build, "RUN", "./mvnw");

        assertThat(arg).as("ARG EXTRA_CA_CERT in the build stage").isNotNegative();
        assertThat(arg).isLessThan(trust);
        assertThat(trust).as("trust-extra-ca.sh runs before Maven").isLessThan(maven);
        assertThat(buildStage(service).copies())
                .anySatisfy(copy -> assertThat(copy.sources()).contains("docker/trust-extra-ca.sh"));
    }

    @ParameterizedTest
    @EnumSource(FnpulseService.class)
    void theImageStartsFromAnArchiveOfATrainingRunOfThisService(FnpulseService service) {
        Dockerfile dockerfile = Dockerfile.of(service);
        List<String> aotCaches = dockerfile.jvmOptions().stream()
                .flatMap(option -> AOT_CACHE.matcher(option).results().map(match -> match.group(1)))
                .toList();
        if (aotCaches.isEmpty()) {
            assertCdsArchiveDumpedFromATrainingRun(dockerfile, service);
        } else {
            assertAotCachesWrittenByATrainingRun(dockerfile, service, aotCaches);
        }
    }

    /**
     * Java 25 (the runtime): every AOT cache the options name -- the service's own and any other JVM's it starts -- is written by
     * one training run of this service with these very options, jar and JRE at the paths the image has them: a
     * cache made with another jar, path or JVM flags is not used.
     */
    private static void assertAotCachesWrittenByATrainingRun(
            Dockerfile dockerfile, FnpulseService service, List<String> caches) {
        String image = dockerfile.finalStage().name();
        String options = dockerfile.entrypointJvmWords().stream()
                .filter(word -> word.startsWith("@"))
                .map(word -> word.substring(1))
                .findFirst()
                .orElseThrow(() -> new AssertionError(service + ": its AOT caches need its options in an @argfile"));
        String jar = dockerfile.entrypointJar();
        for (String cache : caches) {
            Dockerfile.Origin made = dockerfile.origin(image, cache);
            assertThat(made.stage()).as("%s: where %s is made", service, cache).isPresent();
            Dockerfile.Stage training = made.stage().get();
            assertThat(made.path())
                    .as("%s is copied from the path it was written to", cache)
                    .isEqualTo(cache);
            assertThat(training.all("RUN"))
                    .as("stage %s trains with cds-training.sh for the %s", training.name(), service)
                    .anySatisfy(run -> assertThat(run.arguments())
                            .contains("cds-training.sh " + service.module() + " " + jar + " " + options));
            assertThat(dockerfile.origin(training.name(), jar))
                    .as("the training run's jar is the image's")
                    .isEqualTo(dockerfile.origin(image, jar));
            assertThat(dockerfile.origin(training.name(), options))
                    .as("the training run's options are the image's")
                    .isEqualTo(dockerfile.origin(image, options));
        }
    }

    /** Java 17 (the dashboard, the monitor): an AppCDS archive dumped in the final stage from a training run's class list. */
    private static void assertCdsArchiveDumpedFromATrainingRun(Dockerfile dockerfile, FnpulseService service) {
        String archive = dockerfile.jvmOptions().stream()
                .filter(option -> option.startsWith("-XX:SharedArchiveFile="))
                .findFirst()
                .orElseThrow(() -> new AssertionError(service + ": the image starts java without its CDS archive"));
        String dump = dockerfile.finalStage().all("RUN").stream()
                .map(Dockerfile.Instruction::arguments)
                .filter(run -> run.contains("-Xshare:dump"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(service + ": the final stage dumps no CDS archive"));
        Matcher classList = Pattern.compile("-XX:SharedClassListFile=(\\S+)").matcher(dump);
        assertThat(classList.find()).as("the class list of %s", dump).isTrue();
        Dockerfile.Copy copied = dockerfile.finalStage().copies().stream()
                .filter(copy -> copy.destination().equals(classList.group(1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError(service + ": the final stage copies no " + classList.group(1)));
        Dockerfile.Stage cds = dockerfile.stage(copied.from().orElseThrow()).orElseThrow();

        // An archive made from another jar, or at another path, is silently ignored: the JVM starts without it.
        assertThat(dump)
                .as("the final stage dumps the archive against the jar at its final path")
                .contains(archive)
                .contains("-cp " + dockerfile.entrypointJar());
        assertThat(cds.all("RUN"))
                .as("stage %s records the class list with cds-training.sh for the %s", cds.name(), service)
                .anySatisfy(run -> assertThat(run.arguments())
                        .contains("cds-training.sh " + service.module() + " ")
                        .contains(copied.sources().get(0)));
    }

    private static int indexOf(List<Dockerfile.Instruction> instructions, String keyword, String text) {
        for (int i = 0; i < instructions.size(); i++) {
            if (instructions.get(i).keyword().equals(keyword)
                    && instructions.get(i).arguments().contains(text)) {
                return i;
            }
        }
        return -1;
    }

    /** The stage that runs the Maven build, checked to build this service's module. */
    private static Dockerfile.Stage buildStage(FnpulseService service) {
        for (Dockerfile.Stage stage : Dockerfile.of(service).stages()) {
            for (Dockerfile.Instruction run : stage.all("RUN")) {
                Matcher maven = MAVEN_MODULE.matcher(run.arguments());
                if (maven.find()) {
                    assertThat(maven.group(1))
                            .as("the module %s builds", service.dockerfile())
                            .isEqualTo(service.module());
                    return stage;
                }
            }
        }
        throw new AssertionError(service.dockerfile() + " has no stage running ./mvnw ... -pl <module> -am package");
    }
}
