package io.agentmesh.node;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsing of configuration text, each failure an {@link InvalidConfigException} naming the key.
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

    /** A duration as configuration text: {@code 250ms}, {@code 90s}, {@code 4m}, {@code 24h}. */
    static String text(Duration d) {
        long millis = d.toMillis();
        if (millis % 1000 != 0) {
            return millis + "ms";
        }
        long seconds = millis / 1000;
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        return seconds % 60 == 0 && seconds >= 120 ? seconds / 60 + "m" : seconds + "s";
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
}
