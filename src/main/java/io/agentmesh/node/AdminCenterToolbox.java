package io.agentmesh.node;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Adds the mesh dashboard to the Liberty Admin Center toolbox through the Admin Center's REST API
 * (docs/operations.md, "Admin Center"): a bookmark in the catalog
 * ({@code POST /ibm/api/adminCenter/v1/catalog/bookmarks}), so that every administrator can add it, and
 * in the administrator's own toolbox ({@code POST /ibm/api/adminCenter/v1/toolbox/bookmarks}). Both
 * calls are idempotent: 409 (already there) counts as done.
 *
 * <p>The node talks to its own HTTPS port and trusts only the certificates in its own keystore.
 */
public final class AdminCenterToolbox {

    /** The bookmark's name (the Admin Center derives its id from it). */
    public static final String NAME = "Mesh dashboard";
    public static final String URL = "/dashboard/";
    public static final String ICON = "/agentmesh-icon.svg";
    static final String DESCRIPTION = "The agentmesh dashboard of this node - links, peers, agents and traffic";

    static final String CATALOG_PATH = "/ibm/api/adminCenter/v1/catalog/bookmarks";
    static final String TOOLBOX_PATH = "/ibm/api/adminCenter/v1/toolbox/bookmarks";

    /** What one attempt achieved. */
    public enum Outcome {
        /** The bookmark is in the catalog and in the administrator's toolbox. */
        DONE,
        /** Not now (HTTPS not open yet, credentials not active yet, keystore not created yet): try again. */
        RETRY,
        /** The Admin Center is not installed on this server: nothing to do. */
        ABSENT
    }

    /** An attempt's outcome and, for {@link Outcome#RETRY}, why. */
    public record Attempt(Outcome outcome, String detail) {
    }

    private final URI base;
    private final String authorization;
    private final Path keystore;
    private final char[] keystorePassword;
    private final Duration timeout;

    /**
     * @param base             the node's HTTPS address, {@code https://host:port}
     * @param user             the administrator
     * @param password         the administrator's password
     * @param keystore         the keystore of the HTTPS endpoint, whose certificates are the only ones trusted
     * @param keystorePassword its password
     * @param timeout          the deadline of each request
     */
    public AdminCenterToolbox(URI base, String user, String password, Path keystore, String keystorePassword,
                              Duration timeout) {
        this.base = Objects.requireNonNull(base, "base");
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.keystore = Objects.requireNonNull(keystore, "keystore");
        this.keystorePassword = keystorePassword.toCharArray();
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** One attempt at adding the bookmark to the catalog and the toolbox. */
    public Attempt addDashboard() {
        if (!Files.isRegularFile(keystore)) {
            return new Attempt(Outcome.RETRY, "keystore " + keystore + " not created yet");
        }
        HttpClient http;
        try {
            http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .sslContext(trustingOwnKeystore()).connectTimeout(timeout).build();
        } catch (IOException | GeneralSecurityException e) {
            return new Attempt(Outcome.RETRY, "cannot read keystore " + keystore + ": " + e.getMessage());
        }
        try {
            Attempt catalog = post(http, CATALOG_PATH);
            return catalog.outcome() == Outcome.DONE ? post(http, TOOLBOX_PATH) : catalog;
        } catch (IOException e) {
            return new Attempt(Outcome.RETRY, base + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Attempt(Outcome.RETRY, "interrupted");
        }
    }

    private Attempt post(HttpClient http, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(timeout)
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(bookmarkJson(), StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status == 201 || status == 200 || status == 409) {
            return new Attempt(Outcome.DONE, path + ": " + status);
        }
        if (status == 404) {
            return new Attempt(Outcome.ABSENT, path + ": 404");
        }
        return new Attempt(Outcome.RETRY, path + ": HTTP " + status);
    }

    static String bookmarkJson() {
        return "{\"name\":\"" + NAME + "\",\"url\":\"" + URL + "\",\"icon\":\"" + ICON
                + "\",\"description\":\"" + DESCRIPTION + "\"}";
    }

    private SSLContext trustingOwnKeystore() throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, keystorePassword);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}
