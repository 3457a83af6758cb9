package io.fnpulse.dashboard.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fnpulse.service.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtpasswdTest {

    @TempDir
    Path dir;

    @Test
    void acceptsTheUsersOfAFileMadeByHtpasswdB() throws Exception {
        UsersFiles.assumeHtpasswd();
        Path file = UsersFiles.fromHtpasswd(dir, "ada", "correct horse", "-B");
        Htpasswd users = parse(file);

        assertThat(Files.readString(file)).startsWith("ada:$2y$");
        assertThat(users.verify("ada", "correct horse")).contains("ada");
        assertThat(users.verify("ada", "correct hors")).isEmpty();
        assertThat(users.verify("bob", "correct horse")).isEmpty();
    }

    @Test
    void acceptsAFileMadeWithBcryptHere() throws Exception {
        Htpasswd users = parse(UsersFiles.fromJava(dir, "ada", "s3cret"));
        assertThat(users.verify("ada", "s3cret")).contains("ada");
        assertThat(users.knows("ada")).isTrue();
        assertThat(users.knows("s3cret")).isFalse();
    }

    @Test
    void refusesHashesOtherThanBcryptNamingTheLineAndUser() throws Exception {
        UsersFiles.assumeHtpasswd();
        Path md5 = UsersFiles.fromHtpasswd(dir, "ada", "pw", "-m");
        assertThatThrownBy(() -> parse(md5))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("bcrypt hashes only (htpasswd -B)")
                .hasMessageContaining("line 1 (user ada)")
                .hasMessageNotContaining("$apr1$");
    }

    @Test
    void refusesAFileWithNoUserOrAUserTwice() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty"), "# nobody\n\n");
        assertThatThrownBy(() -> parse(empty)).hasMessageContaining("at least one user:hash line");
        Path one = UsersFiles.fromJava(dir, "ada", "pw");
        Path twice = Files.writeString(dir.resolve("twice"), Files.readString(one) + Files.readString(one));
        assertThatThrownBy(() -> parse(twice)).hasMessageContaining("line 2 names ada again");
    }

    private static Htpasswd parse(Path file) throws Exception {
        return Htpasswd.parse(SignInConfig.USERS_FILE, file.toString(), Files.readString(file));
    }
}
