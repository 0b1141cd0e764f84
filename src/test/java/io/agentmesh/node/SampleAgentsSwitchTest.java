package io.agentmesh.node;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code mesh.samples.enabled}, read before beans exist: on by default, and on when it cannot be parsed. */
class SampleAgentsSwitchTest {

    private static boolean enabled(Map<String, String> values) {
        return SampleAgentsSwitch.enabled(new ConfigReader(key -> Optional.ofNullable(values.get(key)), List.of()));
    }

    @Test
    void theSamplesAreOnUnlessSwitchedOff() {
        assertTrue(enabled(Map.of()));
        assertFalse(enabled(Map.of("mesh.samples.enabled", "false")));
        assertTrue(enabled(Map.of("mesh.samples.enabled", "maybe")), "start-up reports the bad value; samples stay");
    }
}
