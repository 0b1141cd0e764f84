package io.agentmesh.node;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsing of configuration values, each failure an {@link InvalidConfigException} naming the key.
 * Durations are written {@code 250ms}, {@code 10s}, {@code 5m}, {@code 1h}, or ISO-8601 ({@code PT10S}).
 */
final class ConfigValues {

    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h)");

    private ConfigValues() {
    }

    static Duration duration(String key, String raw) {
        String text = raw.trim().toLowerCase(Locale.ROOT);
        Matcher m = SIMPLE_DURATION.matcher(text);
        Duration d;
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        } else {
            try {
                d = Duration.parse(raw.trim().toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new InvalidConfigException(key, raw, "a duration such as 250ms, 10s, 5m, 1h or PT10S");
            }
        }
        if (d.isNegative() || d.isZero()) {
            throw new InvalidConfigException(key, raw, "a positive duration");
        }
        return d;
    }

    static List<String> list(String raw) {
        if (raw == null || raw.isBlank()) {
            return List.of();
        }
        return Arrays.stream(raw.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    static int intInRange(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new InvalidConfigException(key, Integer.toString(value), "a whole number from " + min + " to " + max);
        }
        return value;
    }

    static long longInRange(String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw new InvalidConfigException(key, Long.toString(value), "a whole number from " + min + " to " + max);
        }
        return value;
    }
}
