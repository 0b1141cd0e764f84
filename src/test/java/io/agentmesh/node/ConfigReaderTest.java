package io.agentmesh.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Text to values: defaults, empty values, booleans, numbers and the errors that name the key. */
class ConfigReaderTest {

    private static ConfigReader reader(Map<String, String> values) {
        return new ConfigReader(key -> Optional.ofNullable(values.get(key)), values.keySet());
    }

    @Test
    void anUnsetOrEmptyKeyTakesItsDefault() {
        assertEquals(8, reader(Map.of()).integer(ConfigKeys.ROUTE_TTL));
        assertEquals(8, reader(Map.of("mesh.route.ttl", "")).integer(ConfigKeys.ROUTE_TTL));
        assertEquals(4, reader(Map.of("mesh.route.ttl", " 4 ")).integer(ConfigKeys.ROUTE_TTL));
        assertEquals(Duration.ofSeconds(90), reader(Map.of()).duration(ConfigKeys.HOLD_TIME));
        assertEquals(List.of(), reader(Map.of()).list(ConfigKeys.BOOTSTRAP));
    }

    @Test
    void booleansAreTrueOrFalseAndNothingElse() {
        assertTrue(reader(Map.of("mesh.bench.enabled", "TRUE")).bool(ConfigKeys.BENCH_ENABLED));
        assertFalse(reader(Map.of("mesh.bench.enabled", "off")).bool(ConfigKeys.BENCH_ENABLED));
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> reader(Map.of("mesh.bench.enabled", "flase")).bool(ConfigKeys.BENCH_ENABLED));
        assertEquals("invalid configuration mesh.bench.enabled=flase: expected true or false", e.getMessage());
    }

    @Test
    void aRangeNoRecordChecksIsCheckedHere() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> reader(Map.of("http.port", "70000")).integer(ConfigKeys.HTTP_PORT, 1, 65535));
        assertEquals("invalid configuration http.port=70000: expected a whole number from 1 to 65535", e.getMessage());
    }

    @Test
    void aRecordsRefusalIsReportedUnderTheKeyAndASecretIsNotShown() {
        ConfigReader r = reader(Map.of("mesh.mcp.token", "short-secret"));
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> r.build(ConfigKeys.MCP_TOKEN, () -> {
            throw new IllegalArgumentException("too short");
        }));
        assertEquals("mesh.mcp.token", e.key());
        assertEquals("invalid configuration mesh.mcp.token=***: expected at least 16 visible ASCII characters",
                e.getMessage());
    }
}
