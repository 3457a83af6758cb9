package io.fnpulse.dashboard.auth;

import io.fnpulse.service.config.ConfigException;
import io.fnpulse.service.config.Env;
import io.fnpulse.service.config.SecretFile;
import java.util.List;
import java.util.Optional;

/**
 * Who may see the dashboard: the users of an htpasswd file ({@code DASHBOARD_USERS_FILE}, HTTP Basic, for people)
 * and/or one bearer token ({@code DASHBOARD_TOKEN_FILE}, for machines). Neither set: sign-in is off. Both files are
 * read once at start; a change takes a restart.
 *
 * @param metricsSignIn {@code DASHBOARD_METRICS_SIGN_IN}: {@code /metrics} behind the sign-in too (Prometheus then
 *                      sends the token); {@code /healthz} and {@code /readyz} stay open for the probes
 */
public record SignInConfig(Optional<Htpasswd> users, Optional<String> token, boolean metricsSignIn) {

    public static final String USERS_FILE = "DASHBOARD_USERS_FILE";
    public static final String TOKEN_FILE = "DASHBOARD_TOKEN_FILE";
    public static final String METRICS_SIGN_IN = "DASHBOARD_METRICS_SIGN_IN";
    public static final List<String> VARIABLES = List.of(USERS_FILE, TOKEN_FILE, METRICS_SIGN_IN);

    /** Shorter tokens are guessable; {@code openssl rand -hex 32} gives 64 characters. */
    static final int MIN_TOKEN_LENGTH = 32;

    public static SignInConfig off() {
        return new SignInConfig(Optional.empty(), Optional.empty(), false);
    }

    public static SignInConfig fromEnv(Env env) {
        Optional<Htpasswd> users = env.optional(USERS_FILE)
                .map(file -> Htpasswd.parse(USERS_FILE, file, SecretFile.read(USERS_FILE, file)));
        Optional<String> token = env.optional(TOKEN_FILE).map(file -> {
            String value = SecretFile.password(TOKEN_FILE, file);
            if (value.length() < MIN_TOKEN_LENGTH || value.chars().anyMatch(c -> c <= ' ' || c > '~')) {
                throw new ConfigException(
                        TOKEN_FILE,
                        file,
                        "a token of at least " + MIN_TOKEN_LENGTH
                                + " printable characters and no blank, e.g. openssl rand -hex 32");
            }
            return value;
        });
        boolean metrics = env.bool(METRICS_SIGN_IN, false);
        if (metrics && users.isEmpty() && token.isEmpty()) {
            throw new ConfigException(
                    METRICS_SIGN_IN, "true", "to be set only with DASHBOARD_USERS_FILE or DASHBOARD_TOKEN_FILE");
        }
        return new SignInConfig(users, token, metrics);
    }

    public boolean on() {
        return users.isPresent() || token.isPresent();
    }

    /** For the start-up line: what lets a visitor in. */
    public String describe() {
        if (!on()) {
            return "off";
        }
        String who = users.map(u -> u.size() + " user(s) of " + USERS_FILE).orElse("");
        String machines = token.map(t -> "a bearer token").orElse("");
        return String.join(
                        " or ",
                        List.of(who, machines).stream()
                                .filter(s -> !s.isEmpty())
                                .toList())
                + (metricsSignIn ? ", /metrics included" : ", /metrics open");
    }
}
