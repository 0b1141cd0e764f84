package io.agentmesh.node;

import io.agentmesh.identity.AtomicFiles;
import io.agentmesh.identity.Base64Url;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The node's administrator credentials and keystore password in {@code <data dir>/admin.xml}, a Liberty
 * configuration file that server.xml includes (docs/operations.md, "Security"). It defines the
 * administrator in the basic registry ({@code basicRegistry id="basic"}), puts it in the group
 * {@value AdminSettings#GROUP}, and sets the location ({@code <data dir>/key.p12}) and password of the
 * default keystore, which Liberty creates on first use.
 *
 * <p>Each password is, in order: the configured one ({@code mesh.admin.password},
 * {@code mesh.keystore.password}); the one already stored in the file; a new one of 24 random bytes
 * (32 base64url characters). The administrator's password is stored only as Liberty's one-way
 * {@code {hash}} ({@link LibertyPasswords}): the file never tells it, so a generated one is known only
 * at the start that generated it (the caller shows it once), and a stored one not at all. A configured
 * one keeps its stored hash while it matches; a readable password left by an older version is hashed.
 * The keystore password, which Liberty must read, is stored as is when generated and {@code {xor}}-encoded
 * when configured. The file is written
 * atomically, readable and writable by its owner only, and only when its content changes. A keystore
 * left without its password (the file was deleted) is moved aside, so that Liberty makes a new one.
 * A file that cannot be parsed stops start-up: it is never replaced.
 */
public final class AdminCredentials {

    public static final String FILE_NAME = "admin.xml";
    public static final String KEYSTORE_FILE = "key.p12";

    private static final Logger LOG = Logger.getLogger(AdminCredentials.class.getName());
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final int GENERATED_BYTES = 24;
    private static final int MAX_FILE_SIZE = 64 * 1024;

    /** Where a password came from. */
    public enum Source { CONFIGURED, STORED, GENERATED }

    /**
     * The outcome: what the file now says. {@code password} is empty when only its hash is known (a stored
     * one). {@link #toString()} never shows a password.
     */
    public record Credentials(Path file, String user, Optional<String> password, Source passwordSource,
                              Path keystore, String keystorePassword, Source keystoreSource, boolean written) {
        public Credentials {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
            Objects.requireNonNull(keystore, "keystore");
            Objects.requireNonNull(keystorePassword, "keystorePassword");
        }

        @Override
        public String toString() {
            return "Credentials[file=" + file + ", user=" + user + ", password=" + passwordSource
                    + ", keystore=" + keystore + ", keystorePassword=" + keystoreSource + ", written=" + written + "]";
        }
    }

    /** The attribute values found in the file, as written there ({@code {hash}}, {@code {xor}} or plain). */
    private record Stored(Optional<String> password, Optional<String> keystorePassword) {
    }

    private final Path dataDir;
    private final Path file;
    private final Path keystore;
    private final SecureRandom random;
    private final Clock clock;

    public AdminCredentials(Path dataDir, SecureRandom random, Clock clock) {
        this.dataDir = Objects.requireNonNull(dataDir, "dataDir").toAbsolutePath().normalize();
        this.file = this.dataDir.resolve(FILE_NAME);
        this.keystore = this.dataDir.resolve(KEYSTORE_FILE);
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Path file() {
        return file;
    }

    /**
     * Brings the file in line with {@code settings} and returns what it holds. The data directory must
     * exist.
     *
     * @throws IllegalStateException when the file cannot be read, parsed or written (the message names it)
     */
    public Credentials apply(AdminSettings settings) {
        Stored stored = read();
        Source passwordSource;
        Optional<String> password;
        String passwordValue;
        if (settings.password().isPresent()) {
            String configured = settings.password().get();
            password = Optional.of(configured);
            passwordValue = stored.password()
                    .filter(v -> LibertyPasswords.isHash(v) && LibertyPasswords.matches(configured, v))
                    .orElseGet(() -> LibertyPasswords.hash(configured, random));
            passwordSource = Source.CONFIGURED;
        } else if (stored.password().isPresent()) {
            String value = stored.password().get();
            password = LibertyPasswords.isHash(value) ? Optional.empty() : Optional.of(LibertyPasswords.decode(value));
            passwordValue = password.map(p -> LibertyPasswords.hash(p, random)).orElse(value);
            passwordSource = Source.STORED;
        } else {
            password = Optional.of(generate());
            passwordValue = LibertyPasswords.hash(password.get(), random);
            passwordSource = Source.GENERATED;
        }
        Source keystoreSource;
        String keystorePassword;
        String keystoreValue;
        if (settings.keystorePassword().isPresent()) {
            keystorePassword = settings.keystorePassword().get();
            keystoreValue = LibertyPasswords.xorEncode(keystorePassword);
            keystoreSource = Source.CONFIGURED;
        } else if (stored.keystorePassword().isPresent()) {
            keystoreValue = stored.keystorePassword().get();
            keystorePassword = LibertyPasswords.decode(keystoreValue);
            keystoreSource = Source.STORED;
        } else {
            keystorePassword = generate();
            keystoreValue = keystorePassword;
            keystoreSource = Source.GENERATED;
            moveAsideOrphanedKeystore();
        }
        byte[] content = render(settings.user(), passwordValue, keystore, keystoreValue).getBytes(StandardCharsets.UTF_8);
        boolean written = writeIfChanged(content);
        return new Credentials(file, settings.user(), password, passwordSource, keystore, keystorePassword,
                keystoreSource, written);
    }

    private String generate() {
        byte[] bytes = new byte[GENERATED_BYTES];
        random.nextBytes(bytes);
        try {
            return Base64Url.encode(bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** The file's content; the password values as they are to appear ({@code {hash}}, {@code {xor}} or plain). */
    static String render(String user, String passwordValue, Path keystore, String keystorePasswordValue) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <!--
                  The agentmesh administrator and the keystore password of this node. Written by the node at
                  start (owner-only); see docs/operations.md, "Security". Keep it secret; back it up with the
                  rest of the data directory.
                -->
                <server description="agentmesh administrator">
                  <basicRegistry id="basic" realm="agentmesh">
                    <user name="%1$s" password="%2$s"/>
                    <group name="%3$s">
                      <member name="%1$s"/>
                    </group>
                  </basicRegistry>
                  <keyStore id="defaultKeyStore" location="%4$s" password="%5$s"/>
                </server>
                """.formatted(xml(user), xml(passwordValue), AdminSettings.GROUP, xml(keystore.toString()),
                xml(keystorePasswordValue));
    }

    private static String xml(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private Stored read() {
        try {
            AtomicFiles.removeLeftovers(file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot remove what an interrupted write of " + file + " left: " + e, e);
        }
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return new Stored(Optional.empty(), Optional.empty());
        }
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw corrupt("not a regular file");
            }
            if (Files.size(file) > MAX_FILE_SIZE) {
                throw corrupt("larger than " + MAX_FILE_SIZE + " bytes");
            }
            Document doc = parser().parse(new ByteArrayInputStream(Files.readAllBytes(file)));
            Optional<String> keystorePassword = attribute(doc, "server", "keyStore", "password");
            if (keystorePassword.filter(LibertyPasswords::isHash).isPresent()) {
                throw corrupt("the keystore password is a one-way {hash}; Liberty cannot open the keystore with it");
            }
            return new Stored(attribute(doc, "basicRegistry", "user", "password"), keystorePassword);
        } catch (SAXException | IllegalArgumentException e) {
            throw corrupt(e.getMessage());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read administrator credentials file " + file + ": " + e, e);
        }
    }

    private IllegalStateException corrupt(String why) {
        return new IllegalStateException("administrator credentials file " + file + " is corrupt (" + why
                + "); fix it, or delete it to have new credentials generated");
    }

    /** The first {@code <child attr=...>} directly inside a {@code <parent>}, decoded. */
    private static Optional<String> attribute(Document doc, String parent, String child, String attr) {
        NodeList parents = doc.getElementsByTagName(parent);
        for (int i = 0; i < parents.getLength(); i++) {
            NodeList children = ((Element) parents.item(i)).getElementsByTagName(child);
            for (int j = 0; j < children.getLength(); j++) {
                Element e = (Element) children.item(j);
                if (e.getParentNode() == parents.item(i) && e.hasAttribute(attr) && !e.getAttribute(attr).isEmpty()) {
                    String value = e.getAttribute(attr);
                    LibertyPasswords.requireReadable(value); // a bad {xor} or {hash} value makes the file corrupt
                    return Optional.of(value);
                }
            }
        }
        return Optional.empty();
    }

    private static DocumentBuilder parser() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setExpandEntityReferences(false);
            f.setXIncludeAware(false);
            f.setNamespaceAware(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return b;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("no secure XML parser available: " + e.getMessage(), e);
        }
    }

    private void moveAsideOrphanedKeystore() {
        if (!Files.exists(keystore, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Path aside = keystore.resolveSibling(KEYSTORE_FILE + ".orphaned-" + clock.millis());
        try {
            Files.move(keystore, aside, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IllegalStateException("keystore " + keystore + " has no known password and cannot be moved aside: " + e, e);
        }
        LOG.log(Level.WARNING, "Keystore {0} had no known password (no {1}); moved it to {2} so that a new one is created",
                new Object[] {keystore, FILE_NAME, aside});
    }

    private boolean writeIfChanged(byte[] content) {
        try {
            boolean same = Files.isRegularFile(file) && Arrays.equals(Files.readAllBytes(file), content);
            if (same) {
                restrictPermissions();
                return false;
            }
            AtomicFiles.write(file, content, true);
            return true;
        } catch (IOException e) {
            throw new IllegalStateException("cannot write administrator credentials file " + file + ": " + e, e);
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    private void restrictPermissions() throws IOException {
        if (dataDir.getFileSystem().supportedFileAttributeViews().contains("posix")
                && !OWNER_ONLY.equals(Files.getPosixFilePermissions(file))) {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        }
    }
}
