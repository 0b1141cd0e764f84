package io.agentmesh.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The catalogue of keys against docs/configuration.md, and its defaults against the parsers. */
class ConfigKeysTest {

    /** A table row's first cell, and the keys written in it as code. */
    private static final Pattern FIRST_CELL = Pattern.compile("^\\| ([^|]+) \\|", Pattern.MULTILINE);
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    @Test
    void theDocumentationListsExactlyTheCataloguesKeys() throws IOException {
        String doc = Files.readString(Path.of("docs", "configuration.md"));
        Set<String> documented = new TreeSet<>();
        Matcher row = FIRST_CELL.matcher(doc);
        while (row.find()) {
            Matcher code = CODE.matcher(row.group(1));
            while (code.find()) {
                documented.add(code.group(1));
            }
        }
        Set<String> catalogued = new TreeSet<>();
        ConfigKeys.all().forEach(k -> catalogued.add(k.name()));
        Set<String> undocumented = new TreeSet<>(catalogued);
        undocumented.removeAll(documented);
        Set<String> unknown = new TreeSet<>(documented);
        unknown.removeAll(catalogued);
        assertEquals(Set.of(), undocumented, "keys of ConfigKeys missing from docs/configuration.md");
        assertEquals(Set.of(), unknown, "keys in docs/configuration.md that ConfigKeys does not declare");
    }

    @Test
    void everyKeyIsDeclaredOnceWithADescription() {
        Set<String> names = new TreeSet<>();
        for (ConfigKey key : ConfigKeys.all()) {
            assertTrue(names.add(key.name()), "declared twice: " + key.name());
            assertTrue(!key.description().isBlank() && !key.expected().isBlank(), key.name());
        }
    }

    @Test
    void defaultsTakenFromTheSettingsRecordsReadAsTheirValues() {
        assertEquals("30s", ConfigKeys.SEND_TIMEOUT.defaultValue().orElseThrow());
        assertEquals("90s", ConfigKeys.HOLD_TIME.defaultValue().orElseThrow());
        assertEquals("60s", ConfigKeys.BOOTSTRAP_BACKOFF_MAX.defaultValue().orElseThrow());
        assertEquals("10m", ConfigKeys.ADVERT_TTL.defaultValue().orElseThrow());
        assertEquals("24h", ConfigKeys.PEER_EXPIRY.defaultValue().orElseThrow());
        assertEquals("8388608", ConfigKeys.MAX_MESSAGE_BYTES.defaultValue().orElseThrow());
        assertEquals("250ms", ConfigValues.text(java.time.Duration.ofMillis(250)));
    }

    @Test
    void aFamilyOfKeysNamesEachMember() {
        assertEquals("mesh.bridge.docs.url", ConfigKeys.BRIDGE_URL.forId("docs").name());
    }
}
