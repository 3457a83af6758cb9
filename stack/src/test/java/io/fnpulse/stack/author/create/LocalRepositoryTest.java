package io.fnpulse.stack.author.create;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnpulse.service.config.Env;
import io.fnpulse.testsupport.data.ProjectFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalRepositoryTest {

    @TempDir
    Path dir;

    @Test
    void isWhereMavenTakesItFrom() {
        assertThat(LocalRepository.of(new Env(Map.of("MAVEN_OPTS", "-Xmx1g -Dmaven.repo.local=/work/m2 -Dx=y")))
                        .root())
                .isEqualTo(Path.of("/work/m2"));
        assertThat(LocalRepository.of(new Env(Map.of("MAVEN_ARGS", "-Dmaven.repo.local=\"/a b\"")))
                        .root())
                .isEqualTo(Path.of("/a b"));
        assertThat(LocalRepository.of(new Env(Map.of())).root())
                .isEqualTo(Path.of(System.getProperty("user.home"), ".m2", "repository"));
    }

    @Test
    void installsWhatIsMissingOrOlderThanItsSourcesAndNothingElse() throws Exception {
        FnpulseCheckout checkout = FnpulseCheckout.at(ProjectFiles.root());
        LocalRepository repository = new LocalRepository(dir);
        assertThat(repository.whyInstall(checkout))
                .hasValueSatisfying(why -> assertThat(why)
                        .startsWith("missing from " + dir + ": fnpulse-parent-" + checkout.version() + ".pom"));

        FileTime future = FileTime.fromMillis(System.currentTimeMillis() + 3_600_000);
        install(repository, checkout, "fnpulse-parent", "pom", future);
        for (String module : FnpulseCheckout.MODULES) {
            install(repository, checkout, "fnpulse-" + module, "pom", future);
            install(repository, checkout, "fnpulse-" + module, "jar", future);
        }
        assertThat(repository.whyInstall(checkout)).isEmpty();

        Path runtimeJar = repository.artifact("fnpulse-runtime", checkout.version(), "jar");
        Files.setLastModifiedTime(runtimeJar, FileTime.fromMillis(0));
        assertThat(repository.whyInstall(checkout))
                .hasValueSatisfying(why -> assertThat(why)
                        .startsWith("older in " + dir + " than runtime/src/main/")
                        .endsWith("(fnpulse-runtime-" + checkout.version() + ".jar)"));
    }

    @Test
    void readsTheVersionsAProjectBuildsWithFromTheRootPom() {
        FnpulseCheckout checkout = FnpulseCheckout.at(ProjectFiles.root());
        assertThat(checkout.version()).endsWith("-SNAPSHOT");
        assertThat(checkout.junitVersion()).matches("5\\.\\d+\\.\\d+");
        assertThat(checkout.pluginVersions()).containsOnlyKeys(FnpulseCheckout.PLUGINS);
    }

    private static void install(
            LocalRepository repository, FnpulseCheckout checkout, String artifact, String extension, FileTime at)
            throws Exception {
        Path file = repository.artifact(artifact, checkout.version(), extension);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "x");
        Files.setLastModifiedTime(file, at);
    }
}
