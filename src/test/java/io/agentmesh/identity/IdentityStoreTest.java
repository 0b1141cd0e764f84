package io.agentmesh.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.agentmesh.testsupport.FixedRandom;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentityStoreTest {

    @TempDir
    Path temp;

    @Test
    void createsOnFirstCallAndReloadsTheSameIdentity() throws IOException {
        Path dataDir = temp.resolve("data").resolve("node");
        IdentityStore store = new IdentityStore(dataDir);
        assertEquals(dataDir.resolve("identity.key").toAbsolutePath(), store.keyFile());
        NodeIdentity created = store.loadOrCreate(new FixedRandom(1));
        assertTrue(Files.isRegularFile(store.keyFile()));

        NodeIdentity reloaded = new IdentityStore(dataDir).loadOrCreate(new FixedRandom(99));
        assertEquals(created.nodeId(), reloaded.nodeId());
        assertArrayEquals(created.publicKey(), reloaded.publicKey());
        assertArrayEquals(created.sign(new byte[] {1}), reloaded.sign(new byte[] {1}));
        try (Stream<Path> files = Files.list(dataDir)) {
            assertEquals(List.of(store.keyFile()), files.toList(), "no temp file left behind");
        }
    }

    @Test
    void fileFormatIsTheDocumentedOne() throws IOException {
        IdentityStore store = new IdentityStore(temp);
        NodeIdentity identity = store.loadOrCreate(new FixedRandom(2));
        String text = Files.readString(store.keyFile(), StandardCharsets.US_ASCII);
        String[] lines = text.split("\n", -1);
        assertEquals(4, lines.length);
        assertEquals("agentmesh-identity-v1", lines[0]);
        assertEquals(identity, NodeIdentity.fromPrivateKey(Base64Url.decode(lines[1])));
        assertEquals(identity.publicKeyBase64Url(), lines[2]);
        assertEquals("", lines[3]);
    }

    @Test
    void keyFileIsOwnerOnly() throws IOException {
        assumeTrue(isPosix());
        Path dataDir = temp.resolve("fresh");
        IdentityStore store = new IdentityStore(dataDir);
        store.loadOrCreate(new FixedRandom(3));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.keyFile())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "agentmesh-identity-v1\n",
            "agentmesh-identity-v2\nAAAA\nAAAA\n",
            "agentmesh-identity-v1\nnot base64!\nAAAA\n",
            "agentmesh-identity-v1\nAAAA\nAAAA\n",
            "garbage"})
    void corruptFileFailsAndIsLeftUntouched(String content) throws IOException {
        IdentityStore store = new IdentityStore(temp);
        Files.writeString(store.keyFile(), content, StandardCharsets.US_ASCII);
        assertCorruptAndUntouched(store);
    }

    @Test
    void truncatedFileFailsAndIsLeftUntouched() throws IOException {
        IdentityStore store = new IdentityStore(temp);
        store.loadOrCreate(new FixedRandom(4));
        byte[] full = Files.readAllBytes(store.keyFile());
        for (int length : new int[] {full.length - 1, full.length - 10, 30, 22}) {
            Files.write(store.keyFile(), Arrays.copyOf(full, length));
            assertCorruptAndUntouched(store);
        }
    }

    @Test
    void seedThatDoesNotMatchThePublicKeyFails() throws IOException {
        IdentityStore store = new IdentityStore(temp);
        store.loadOrCreate(new FixedRandom(5));
        String[] lines = Files.readString(store.keyFile()).split("\n");
        String other = Base64Url.encode(NodeIdentity.generate(new FixedRandom(6)).seed());
        Files.writeString(store.keyFile(), lines[0] + "\n" + other + "\n" + lines[2] + "\n");
        IdentityException e = assertCorruptAndUntouched(store);
        assertTrue(e.getMessage().contains("does not match"), e.getMessage());
    }

    @Test
    void unreadableFileFailsAndIsLeftUntouched() throws IOException {
        assumeTrue(isPosix());
        IdentityStore store = new IdentityStore(temp);
        store.loadOrCreate(new FixedRandom(7));
        byte[] before = Files.readAllBytes(store.keyFile());
        Files.setPosixFilePermissions(store.keyFile(), PosixFilePermissions.fromString("---------"));
        try {
            assumeFalse(Files.isReadable(store.keyFile()), "running as a user who can read any file (root)");
            IdentityException e = assertThrows(IdentityException.class, () -> store.loadOrCreate(new FixedRandom(8)));
            assertTrue(e.getMessage().contains(store.keyFile().toString()), e.getMessage());
            assertTrue(e.getMessage().contains("unreadable"), e.getMessage());
        } finally {
            Files.setPosixFilePermissions(store.keyFile(), PosixFilePermissions.fromString("rw-------"));
        }
        assertArrayEquals(before, Files.readAllBytes(store.keyFile()));
    }

    @Test
    void keyFileThatIsADirectoryFails() throws IOException {
        IdentityStore store = new IdentityStore(temp);
        Files.createDirectory(store.keyFile());
        IdentityException e = assertThrows(IdentityException.class, () -> store.loadOrCreate(new FixedRandom(9)));
        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
        assertTrue(Files.isDirectory(store.keyFile()));
    }

    @Test
    void dataDirThatIsAFileFails() throws IOException {
        Path file = Files.writeString(temp.resolve("plain"), "x");
        IdentityException e = assertThrows(IdentityException.class,
                () -> new IdentityStore(file).loadOrCreate(new FixedRandom(10)));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertEquals("x", Files.readString(file));
    }

    private static IdentityException assertCorruptAndUntouched(IdentityStore store) throws IOException {
        byte[] before = Files.readAllBytes(store.keyFile());
        IdentityException e = assertThrows(IdentityException.class, () -> store.loadOrCreate(new FixedRandom(11)));
        assertTrue(e.getMessage().contains(store.keyFile().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(store.keyFile()));
        assertFalse(hasTempFiles(store.keyFile().getParent()));
        return e;
    }

    private static boolean hasTempFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(p -> p.getFileName().toString().endsWith(".tmp"));
        }
    }

    private boolean isPosix() {
        return temp.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
