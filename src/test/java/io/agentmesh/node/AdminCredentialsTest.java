package io.agentmesh.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.node.AdminCredentials.Credentials;
import io.agentmesh.node.AdminCredentials.Source;
import io.agentmesh.testsupport.FixedRandom;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class AdminCredentialsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private AdminCredentials credentials(long seed) {
        return new AdminCredentials(dir, new FixedRandom(seed), CLOCK);
    }

    private static AdminSettings settings(String user, String password, String keystorePassword) {
        return new AdminSettings(user, Optional.ofNullable(password), Optional.ofNullable(keystorePassword), true);
    }

    private Document parse() throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(Files.readAllBytes(dir.resolve("admin.xml"))));
    }

    private Element element(String name) throws Exception {
        return (Element) parse().getElementsByTagName(name).item(0);
    }

    @Test
    void firstStartGeneratesStrongPasswordsInAnOwnerOnlyLibertyConfigFile() throws Exception {
        Credentials c = credentials(1).apply(AdminSettings.defaults());

        assertEquals(dir.resolve("admin.xml"), c.file());
        assertEquals("admin", c.user());
        assertEquals(Source.GENERATED, c.passwordSource());
        assertEquals(Source.GENERATED, c.keystoreSource());
        assertTrue(c.written());
        String password = c.password().orElseThrow();
        assertTrue(password.matches("[A-Za-z0-9_-]{32}"), "24 random bytes as base64url");
        assertTrue(c.keystorePassword().matches("[A-Za-z0-9_-]{32}"));
        assertNotEquals(password, c.keystorePassword());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(c.file())));

        Element user = element("user");
        assertEquals("admin", user.getAttribute("name"));
        String stored = user.getAttribute("password");
        assertTrue(stored.startsWith("{hash}"), stored);
        assertTrue(LibertyPasswords.matches(password, stored), "the file holds Liberty's hash of the password");
        assertFalse(Files.readString(c.file()).contains(password), "and never the password itself");
        assertEquals("basic", element("basicRegistry").getAttribute("id"));
        assertEquals(AdminSettings.GROUP, element("group").getAttribute("name"));
        assertEquals("admin", element("member").getAttribute("name"));
        Element keyStore = element("keyStore");
        assertEquals("defaultKeyStore", keyStore.getAttribute("id"));
        assertEquals(dir.resolve("key.p12").toString(), keyStore.getAttribute("location"));
        assertEquals(c.keystorePassword(), keyStore.getAttribute("password"));
        assertEquals(dir.resolve("key.p12"), c.keystore());
    }

    @Test
    void laterStartsKeepTheStoredHashAndPasswordAndDoNotRewriteTheFile() throws Exception {
        Credentials first = credentials(1).apply(AdminSettings.defaults());
        byte[] before = Files.readAllBytes(first.file());

        Credentials second = credentials(2).apply(AdminSettings.defaults());

        assertEquals(Source.STORED, second.passwordSource());
        assertEquals(Source.STORED, second.keystoreSource());
        assertEquals(Optional.empty(), second.password(), "only the hash is known");
        assertEquals(first.keystorePassword(), second.keystorePassword());
        assertFalse(second.written());
        assertArrayEquals(before, Files.readAllBytes(first.file()));
    }

    @Test
    void aConfiguredPasswordWinsAndIsStoredHashedNotInPlainText() throws Exception {
        String secret = "s3cret & <\"${mesh.admin.user}\"> ü";
        Credentials c = credentials(1).apply(settings("operator", secret, null));

        assertEquals(Source.CONFIGURED, c.passwordSource());
        assertEquals(Optional.of(secret), c.password());
        String file = Files.readString(c.file(), StandardCharsets.UTF_8);
        assertFalse(file.contains("s3cret"), file);
        String stored = element("user").getAttribute("password");
        assertTrue(LibertyPasswords.matches(secret, stored), stored);
        assertEquals("operator", element("user").getAttribute("name"));
        assertEquals("operator", element("member").getAttribute("name"));

        Credentials later = credentials(2).apply(settings("operator", null, null));
        assertEquals(Source.STORED, later.passwordSource());
        assertEquals(stored, element("user").getAttribute("password"), "without configuration the last password stays");
        assertFalse(later.written());

        Credentials again = credentials(3).apply(settings("operator", secret, null));
        assertFalse(again.written(), "a configured password that matches the stored hash keeps it");
    }

    @Test
    void aChangedConfiguredPasswordOrUserNameIsWrittenAtTheNextStart() throws Exception {
        credentials(1).apply(settings("admin", "first-password", null));
        Credentials c = credentials(1).apply(settings("root", "second-password", "keystore-pw"));

        assertTrue(c.written());
        assertTrue(LibertyPasswords.matches("second-password", element("user").getAttribute("password")));
        assertEquals("root", element("user").getAttribute("name"));
        assertEquals(Source.CONFIGURED, c.keystoreSource());
        assertEquals("keystore-pw", LibertyPasswords.decode(element("keyStore").getAttribute("password")));
    }

    @Test
    void aReadablePasswordOfAnOlderFileIsHashed() throws Exception {
        Files.writeString(dir.resolve("admin.xml"), AdminCredentials.render("admin", "old-plain-password",
                dir.resolve("key.p12"), "ks"), StandardCharsets.UTF_8);

        Credentials c = credentials(1).apply(AdminSettings.defaults());

        assertEquals(Source.STORED, c.passwordSource());
        assertEquals(Optional.of("old-plain-password"), c.password());
        assertTrue(c.written());
        assertTrue(LibertyPasswords.matches("old-plain-password", element("user").getAttribute("password")));
        assertFalse(Files.readString(c.file()).contains("old-plain-password"));
    }

    @Test
    void aCorruptFileStopsStartUpNamingItAndIsNeverReplaced() throws Exception {
        Path file = dir.resolve("admin.xml");
        byte[] corrupt = "<server><basicRegistry".getBytes(StandardCharsets.UTF_8);
        Files.write(file, corrupt);

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> credentials(1).apply(AdminSettings.defaults()));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
        assertArrayEquals(corrupt, Files.readAllBytes(file));
    }

    @Test
    void aHashedKeystorePasswordMakesTheFileCorrupt() throws Exception {
        Files.writeString(dir.resolve("admin.xml"), AdminCredentials.render("admin", "pw", dir.resolve("key.p12"),
                LibertyPasswords.hash("ks", new FixedRandom(1))), StandardCharsets.UTF_8);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> credentials(1).apply(AdminSettings.defaults()));
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
    }

    @Test
    void aDoctypeIsRefused() throws Exception {
        Files.writeString(dir.resolve("admin.xml"),
                "<!DOCTYPE server [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><server>&x;</server>");
        assertThrows(IllegalStateException.class, () -> credentials(1).apply(AdminSettings.defaults()));
    }

    @Test
    void aKeystoreWithoutItsPasswordIsMovedAside() throws Exception {
        Path keystore = dir.resolve("key.p12");
        Files.write(keystore, new byte[] {1, 2, 3});

        Credentials c = credentials(1).apply(AdminSettings.defaults());

        assertEquals(Source.GENERATED, c.keystoreSource());
        assertFalse(Files.exists(keystore));
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(dir.resolve("key.p12.orphaned-1700000000000")));
    }

    @Test
    void aKeystoreWithItsStoredPasswordStays() throws Exception {
        credentials(1).apply(AdminSettings.defaults());
        Path keystore = dir.resolve("key.p12");
        Files.write(keystore, new byte[] {1, 2, 3});

        credentials(1).apply(AdminSettings.defaults());

        assertTrue(Files.exists(keystore));
    }

    @Test
    void widenedPermissionsAreRestricted() throws Exception {
        Credentials c = credentials(1).apply(AdminSettings.defaults());
        Files.setPosixFilePermissions(c.file(), PosixFilePermissions.fromString("rw-r--r--"));

        credentials(1).apply(AdminSettings.defaults());

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(c.file())));
    }

    @Test
    void toStringNeverShowsAPassword() {
        Credentials c = credentials(1).apply(settings("admin", "configured-secret", null));
        assertFalse(c.toString().contains("configured-secret"), c.toString());
        assertFalse(c.toString().contains(c.keystorePassword()), c.toString());
    }
}
