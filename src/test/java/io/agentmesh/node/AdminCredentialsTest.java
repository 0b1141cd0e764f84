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
        assertTrue(c.password().matches("[A-Za-z0-9_-]{32}"), "24 random bytes as base64url");
        assertTrue(c.keystorePassword().matches("[A-Za-z0-9_-]{32}"));
        assertNotEquals(c.password(), c.keystorePassword());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(c.file())));

        Element user = element("user");
        assertEquals("admin", user.getAttribute("name"));
        assertEquals(c.password(), user.getAttribute("password"), "a generated password is readable in the file");
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
    void laterStartsKeepTheStoredPasswordsAndDoNotRewriteTheFile() throws Exception {
        Credentials first = credentials(1).apply(AdminSettings.defaults());
        byte[] before = Files.readAllBytes(first.file());

        Credentials second = credentials(2).apply(AdminSettings.defaults());

        assertEquals(Source.STORED, second.passwordSource());
        assertEquals(Source.STORED, second.keystoreSource());
        assertEquals(first.password(), second.password());
        assertEquals(first.keystorePassword(), second.keystorePassword());
        assertFalse(second.written());
        assertArrayEquals(before, Files.readAllBytes(first.file()));
    }

    @Test
    void aConfiguredPasswordWinsAndIsStoredXorEncodedNotInPlainText() throws Exception {
        String secret = "s3cret & <\"${mesh.admin.user}\"> ü";
        Credentials c = credentials(1).apply(settings("operator", secret, null));

        assertEquals(Source.CONFIGURED, c.passwordSource());
        assertEquals(secret, c.password());
        String file = Files.readString(c.file(), StandardCharsets.UTF_8);
        assertFalse(file.contains("s3cret"), file);
        String stored = element("user").getAttribute("password");
        assertTrue(stored.startsWith("{xor}"), stored);
        assertEquals(secret, AdminCredentials.LibertyPasswords.decode(stored));
        assertEquals("operator", element("user").getAttribute("name"));
        assertEquals("operator", element("member").getAttribute("name"));

        Credentials later = credentials(2).apply(settings("operator", null, null));
        assertEquals(Source.STORED, later.passwordSource());
        assertEquals(secret, later.password(), "without configuration the last password stays");
    }

    @Test
    void aChangedConfiguredPasswordOrUserNameIsWrittenAtTheNextStart() throws Exception {
        credentials(1).apply(settings("admin", "first-password", null));
        Credentials c = credentials(1).apply(settings("root", "second-password", "keystore-pw"));

        assertTrue(c.written());
        assertEquals("second-password", AdminCredentials.LibertyPasswords.decode(element("user").getAttribute("password")));
        assertEquals("root", element("user").getAttribute("name"));
        assertEquals(Source.CONFIGURED, c.keystoreSource());
        assertEquals("keystore-pw", AdminCredentials.LibertyPasswords.decode(element("keyStore").getAttribute("password")));
    }

    @Test
    void libertysXorEncodingMatchesItsKnownForm() {
        assertEquals("{xor}Lz4sLCgwLTs=", AdminCredentials.LibertyPasswords.xorEncode("password"));
        assertEquals("password", AdminCredentials.LibertyPasswords.decode("{xor}Lz4sLCgwLTs="));
        assertEquals("plain", AdminCredentials.LibertyPasswords.decode("plain"));
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
