package io.agentmesh.registry;

import static io.agentmesh.registry.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.testsupport.ManualClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The peer book on disk: atomic writes, reload, corrupt files (docs/registry.md §4.1). */
class PeerBookStoreTest {

    @TempDir
    Path tmp;

    private final ManualClock clock = new ManualClock(T0);
    private final NodeIdentity alice = Fixtures.identity(2);
    private final NodeIdentity bob = Fixtures.identity(3);
    private final NodeIdentity carol = Fixtures.identity(4);

    private List<PeerRecord> sample() {
        return List.of(
                new PeerRecord(alice.nodeId(), alice.publicKeyBase64Url(), List.of("ws://127.0.0.1:9080/mesh",
                        "wss://[::1]:9443/mesh"), T0.minusSeconds(5), 0.8, 0, T0, PeerRecord.Origin.ADVERT, null),
                new PeerRecord(bob.nodeId(), null, List.of(), T0.minusSeconds(60), 0.125, 3, T0.plusSeconds(4),
                        PeerRecord.Origin.DIRECT, null),
                new PeerRecord(carol.nodeId(), carol.publicKeyBase64Url(), List.of("ws://carol.example:9080/mesh"),
                        T0.minusSeconds(9), 0.5, 0, T0, PeerRecord.Origin.HEARSAY, alice.nodeId()));
    }

    @Test
    void savesAndReloadsTheSamePeers() throws IOException {
        PeerBookStore store = new PeerBookStore(tmp, clock);
        store.save(sample());
        assertEquals(sample(), new PeerBookStore(tmp, clock).load());
    }

    @Test
    void missingFileIsAnEmptyBook() {
        assertEquals(List.of(), new PeerBookStore(tmp.resolve("absent"), clock).load());
    }

    @Test
    void writesOwnerOnlyFileAndDirectoryAndLeavesNoTemporaryFiles() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path dir = tmp.resolve("data");
        PeerBookStore store = new PeerBookStore(dir, clock);
        store.save(sample());
        store.save(sample().subList(0, 1));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file())));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(PeerBookStore.FILE_NAME), files.map(p -> p.getFileName().toString()).toList());
        }
        assertEquals(1, store.load().size());
    }

    @Test
    void aSaveReplacesTheFileAsAWhole() throws IOException {
        PeerBookStore store = new PeerBookStore(tmp, clock);
        store.save(sample());
        Object before = Files.readAttributes(store.file(), java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        store.save(sample().subList(1, 3));
        Object after = Files.readAttributes(store.file(), java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        if (before != null) {
            assertFalse(before.equals(after), "a new file was moved in, not the old one rewritten");
        }
        assertEquals(sample().subList(1, 3), store.load());
    }

    @Test
    void corruptFileIsMovedAsideAndTheBookStartsEmpty() throws IOException {
        assertCorrupt("{\"v\":1,\"peers\":[{\"node_id\":\"nope\"}]}");
    }

    @Test
    void truncatedFileIsCorrupt() throws IOException {
        PeerBookStore store = new PeerBookStore(tmp, clock);
        store.save(sample());
        byte[] bytes = Files.readAllBytes(store.file());
        assertCorrupt(new String(bytes, 0, bytes.length / 2, StandardCharsets.UTF_8));
    }

    @Test
    void otherKindsOfCorruption() throws IOException {
        assertCorrupt("");
        assertCorrupt("[]");
        assertCorrupt("{\"v\":2,\"peers\":[]}");
        assertCorrupt("{\"v\":1}");
        assertCorrupt("{\"v\":1,\"peers\":[{\"node_id\":\"" + alice.nodeId() + "\",\"addrs\":[],\"last_seen_ms\":1,"
                + "\"health\":7,\"failures\":0,\"next_dial_ms\":1}]}");
        assertCorrupt("{\"v\":1,\"peers\":[{\"node_id\":\"" + alice.nodeId() + "\",\"identity\":\""
                + bob.publicKeyBase64Url() + "\",\"addrs\":[],\"last_seen_ms\":1,"
                + "\"health\":0.5,\"failures\":0,\"next_dial_ms\":1}]}");
    }

    @Test
    void aFileSavedBeforeOriginsKeepsKeyedPeersAsAdvertsAndDropsTheOthers() throws IOException {
        String entry = ",\"addrs\":[],\"last_seen_ms\":1,\"health\":0.5,\"failures\":0,\"next_dial_ms\":1}";
        Files.writeString(tmp.resolve(PeerBookStore.FILE_NAME), "{\"v\":1,\"peers\":[{\"node_id\":\"" + alice.nodeId()
                + "\",\"identity\":\"" + alice.publicKeyBase64Url() + "\"" + entry + ",{\"node_id\":\"" + bob.nodeId()
                + "\"" + entry + "]}");
        List<PeerRecord> loaded = new PeerBookStore(tmp, clock).load();
        assertEquals(List.of(alice.nodeId()), loaded.stream().map(PeerRecord::nodeId).toList());
        assertEquals(PeerRecord.Origin.ADVERT, loaded.get(0).origin());
    }

    @Test
    void hearsayWithoutItsSourceIsCorrupt() throws IOException {
        assertCorrupt("{\"v\":1,\"peers\":[{\"node_id\":\"" + alice.nodeId() + "\",\"identity\":\""
                + alice.publicKeyBase64Url() + "\",\"addrs\":[],\"last_seen_ms\":1,"
                + "\"health\":0.5,\"failures\":0,\"next_dial_ms\":1,\"origin\":\"hearsay\"}]}");
    }

    @Test
    void nonUtf8FileIsCorrupt() throws IOException {
        Files.write(tmp.resolve(PeerBookStore.FILE_NAME), new byte[] {'{', (byte) 0xFF, '}'});
        PeerBookStore store = new PeerBookStore(tmp, clock);
        assertEquals(List.of(), store.load());
        assertFalse(Files.exists(store.file()));
    }

    @Test
    void saveIfDirtyWritesOnlyAfterAChange() throws IOException {
        PeerBookStore store = new PeerBookStore(tmp, clock);
        PeerBook book = new PeerBook(Fixtures.identity(1).nodeId(), RegistrySettings.defaults(), clock);
        assertFalse(store.saveIfDirty(book));
        assertFalse(Files.exists(store.file()));
        book.learn(alice.nodeId(), alice.publicKeyBase64Url(), List.of("ws://127.0.0.1:1/mesh"), T0);
        assertTrue(store.saveIfDirty(book));
        assertFalse(store.saveIfDirty(book));
        assertEquals(book.peers(), store.load());
    }

    @Test
    void aRestartedBookHasItsPeersBack() throws IOException {
        PeerBookStore store = new PeerBookStore(tmp, clock);
        PeerBook book = new PeerBook(Fixtures.identity(1).nodeId(), RegistrySettings.defaults(), clock);
        book.learn(alice.nodeId(), alice.publicKeyBase64Url(), List.of("ws://127.0.0.1:1/mesh"), T0);
        book.markFailure(alice.nodeId());
        store.save(book.peers());
        clock.advance(Duration.ofMinutes(1));
        PeerBook restarted = new PeerBook(Fixtures.identity(1).nodeId(), RegistrySettings.defaults(), clock);
        restarted.restore(store.load());
        assertEquals(book.peers(), restarted.peers());
        assertEquals(1, restarted.get(alice.nodeId()).orElseThrow().consecutiveFailures());
    }

    private void assertCorrupt(String content) throws IOException {
        Path dir = Files.createTempDirectory(tmp, "c");
        Files.writeString(dir.resolve(PeerBookStore.FILE_NAME), content);
        clock.advance(Duration.ofMillis(1));
        PeerBookStore store = new PeerBookStore(dir, clock);
        assertEquals(List.of(), store.load(), content);
        assertFalse(Files.exists(store.file()));
        Path aside = dir.resolve(PeerBookStore.FILE_NAME + ".corrupt-" + clock.millis());
        assertTrue(Files.exists(aside), "moved aside as " + aside.getFileName());
        assertEquals(content, Files.readString(aside));
    }
}
