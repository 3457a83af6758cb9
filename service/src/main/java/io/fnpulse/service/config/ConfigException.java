package io.fnpulse.service.config;

/**
 * A configuration value that cannot be used. The message names the variable, the value and what is expected, so
 * that the one line a service prints before it stops is all a user needs to fix it.
 */
public final class ConfigException extends RuntimeException {

    private final String variable;

    public ConfigException(String variable, String value, String expected) {
        super(variable + "=" + quote(value) + " is not valid: expected " + expected);
        this.variable = variable;
    }

    public String variable() {
        return variable;
    }

    private static String quote(String value) {
        return value == null ? "(unset)" : "'" + value + "'";
    }
}
