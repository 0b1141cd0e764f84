package io.agentmesh.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdminSettingsTest {

    private static AdminSettings of(String user, String password, String keystorePassword) {
        return new AdminSettings(user, Optional.ofNullable(password), Optional.ofNullable(keystorePassword), true);
    }

    @Test
    void defaultsAreUserAdminAndGeneratedPasswords() {
        AdminSettings s = AdminSettings.defaults();
        assertEquals("admin", s.user());
        assertTrue(s.password().isEmpty());
        assertTrue(s.keystorePassword().isEmpty());
        assertTrue(s.toolboxBookmark());
    }

    @Test
    void userNameIsTrimmedAndChecked() {
        assertEquals("ops.team@example", of("  ops.team@example ", null, null).user());
        for (String bad : new String[] {"", " ", "-admin", "a b", "admin\"", "x".repeat(65), "<admin>"}) {
            InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> of(bad, null, null), bad);
            assertEquals("mesh.admin.user", e.key());
        }
    }

    @Test
    void configuredPasswordsNeedEightToTwoHundredFiftySixCharactersWithoutControlCharacters() {
        assertEquals("mesh.admin.password",
                assertThrows(InvalidConfigException.class, () -> of("admin", "short", null)).key());
        assertEquals("mesh.admin.password",
                assertThrows(InvalidConfigException.class, () -> of("admin", "x".repeat(257), null)).key());
        assertEquals("mesh.keystore.password",
                assertThrows(InvalidConfigException.class, () -> of("admin", null, "tab\there-long")).key());
        assertEquals("12345678", of("admin", "12345678", null).password().orElseThrow());
    }

    @Test
    void aBadPasswordMessageDoesNotRepeatThePassword() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> of("admin", "hunter2", null));
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }

    @Test
    void toStringHidesPasswords() {
        String text = of("admin", "very-secret-password", "keystore-secret").toString();
        assertFalse(text.contains("very-secret-password"), text);
        assertFalse(text.contains("keystore-secret"), text);
        assertTrue(text.contains("admin"), text);
    }
}
