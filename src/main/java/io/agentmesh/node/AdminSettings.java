package io.agentmesh.node;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who administers the node (docs/operations.md, "Security"): the administrator's user name
 * ({@code mesh.admin.user}, default {@value #DEFAULT_USER}), the administrator's password
 * ({@code mesh.admin.password}, generated when absent), the keystore password
 * ({@code mesh.keystore.password}, generated when absent), and whether the dashboard is added to the
 * Admin Center toolbox ({@code mesh.admin.toolbox-bookmark}, default true).
 *
 * <p>A password given by configuration must have at least {@value #MIN_PASSWORD_LENGTH} characters and
 * no control characters. {@link #toString()} never shows a password.
 */
public record AdminSettings(String user, Optional<String> password, Optional<String> keystorePassword,
                            boolean toolboxBookmark) {

    public static final String DEFAULT_USER = "admin";
    /** The application role that the dashboard and {@code /api/v1/admin/*} require. */
    public static final String ROLE = "mesh-admin";
    /** The registry group that holds the role and Liberty's administrator role (server.xml). */
    public static final String GROUP = "mesh-admins";
    public static final int MIN_PASSWORD_LENGTH = 8;
    public static final int MAX_PASSWORD_LENGTH = 256;

    private static final Pattern USER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

    public AdminSettings {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(keystorePassword, "keystorePassword");
        user = user.trim();
        if (!USER.matcher(user).matches()) {
            throw new InvalidConfigException(ConfigKeys.ADMIN_USER.name(), user,
                    "a user name of 1 to 64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit");
        }
        password.ifPresent(p -> requirePassword(ConfigKeys.ADMIN_PASSWORD.name(), p));
        keystorePassword.ifPresent(p -> requirePassword(ConfigKeys.KEYSTORE_PASSWORD.name(), p));
    }

    public static AdminSettings defaults() {
        return new AdminSettings(DEFAULT_USER, Optional.empty(), Optional.empty(), true);
    }

    private static void requirePassword(String key, String value) {
        if (value.length() < MIN_PASSWORD_LENGTH || value.length() > MAX_PASSWORD_LENGTH) {
            throw new InvalidConfigException(key, "expected " + MIN_PASSWORD_LENGTH + " to " + MAX_PASSWORD_LENGTH
                    + " characters, found " + value.length());
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidConfigException(key, "control characters are not allowed");
        }
    }

    @Override
    public String toString() {
        return "AdminSettings[user=" + user + ", password=" + (password.isPresent() ? "(configured)" : "(generated)")
                + ", keystorePassword=" + (keystorePassword.isPresent() ? "(configured)" : "(generated)")
                + ", toolboxBookmark=" + toolboxBookmark + "]";
    }
}
