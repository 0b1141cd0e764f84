package io.agentmesh.identity;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes a file so that readers see the old content or the new, never a part: a temporary file in
 * the same directory, flushed to disk, then renamed over the target ({@code ATOMIC_MOVE}), then the
 * directory flushed. Every file the node keeps (identity, node id, peer book, agent data) goes
 * through here. A process killed between creating the temporary file and renaming it leaves the
 * temporary file behind ({@code <name>.<digits>.tmp}); {@link #removeLeftovers} deletes such files, and
 * each store calls it before it first reads its file.
 */
public final class AtomicFiles {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private static final Logger LOG = Logger.getLogger(AtomicFiles.class.getName());

    private AtomicFiles() {
    }

    /**
     * Deletes the temporary files that interrupted writes of {@code target} left beside it
     * ({@code <name>.<digits>.tmp}, as {@link #write} names them). Call it only while nothing writes
     * {@code target}: at start, before the first read. Returns how many were deleted; logs them once.
     */
    public static int removeLeftovers(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        Pattern leftover = Pattern.compile(Pattern.quote(target.getFileName().toString()) + "\\.\\d+\\.tmp");
        List<Path> found;
        try (Stream<Path> files = Files.list(dir)) {
            found = files.filter(p -> leftover.matcher(p.getFileName().toString()).matches()
                    && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList();
        }
        for (Path p : found) {
            Files.deleteIfExists(p);
        }
        if (!found.isEmpty()) {
            LOG.log(Level.INFO, "removed {0} temporary file(s) that an interrupted write of {1} left: {2}",
                    new Object[] {found.size(), target, found.stream().map(p -> p.getFileName().toString()).toList()});
        }
        return found.size();
    }

    /**
     * Replaces {@code target} with {@code content}. With {@code ownerOnly} the file is created
     * readable and writable by its owner only (POSIX file systems). The parent directory must exist.
     */
    public static void write(Path target, byte[] content, boolean ownerOnly) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        Path temp = ownerOnly && posix
                ? Files.createTempFile(dir, target.getFileName() + ".", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                : Files.createTempFile(dir, target.getFileName() + ".", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temp = null;
        } finally {
            if (temp != null) {
                Files.deleteIfExists(temp);
            }
        }
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Some file systems cannot sync a directory; the rename itself is still atomic.
        }
    }
}
