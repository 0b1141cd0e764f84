package io.agentmesh.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void createsAndReplacesLeavingNoTemporaryFiles() throws IOException {
        Path f = dir.resolve("data.json");
        AtomicFiles.write(f, "one".getBytes(StandardCharsets.UTF_8), false);
        AtomicFiles.write(f, "two".getBytes(StandardCharsets.UTF_8), false);
        assertArrayEquals("two".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(f));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void ownerOnlyFilesAreReadableByTheOwnerAlone() throws IOException {
        Path f = dir.resolve("secret");
        AtomicFiles.write(f, new byte[] {1, 2, 3}, true);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    }

    @Test
    void leftoversOfInterruptedWritesAreRemovedAndNothingElse() throws IOException {
        Path f = dir.resolve("notes.json");
        AtomicFiles.write(f, "whole".getBytes(StandardCharsets.UTF_8), false);
        // what a process killed between creating its temporary file and renaming it leaves behind
        Files.writeString(dir.resolve("notes.json.2539178041710401183.tmp"), "half");
        Files.writeString(dir.resolve("notes.json.7.tmp"), "");
        Files.writeString(dir.resolve("other.json.12.tmp"), "another file's");
        Files.writeString(dir.resolve("notes.json.backup.tmp"), "not ours");
        Files.createDirectory(dir.resolve("notes.json.99.tmp.d"));
        assertEquals(2, AtomicFiles.removeLeftovers(f));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(Set.of("notes.json", "other.json.12.tmp", "notes.json.backup.tmp", "notes.json.99.tmp.d"),
                    files.map(p -> p.getFileName().toString()).collect(Collectors.toSet()));
        }
        assertArrayEquals("whole".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(f));
        assertEquals(0, AtomicFiles.removeLeftovers(dir.resolve("missing/notes.json")), "no directory: nothing to do");
    }

    @Test
    void aMissingDirectoryFailsWithoutCreatingAnything() {
        Path f = dir.resolve("missing/data.json");
        assertThrows(IOException.class, () -> AtomicFiles.write(f, new byte[] {1}, false));
        assertEquals(false, Files.exists(dir.resolve("missing")));
    }
}
