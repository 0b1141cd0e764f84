package io.agentmesh.it.console;

import io.agentmesh.testsupport.Eventually;
import io.agentmesh.testsupport.LibertyNode;
import jakarta.json.Json;
import jakarta.json.JsonStructure;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Predicate;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The admin API of a node under test, over HTTPS on loopback as its administrator ({@code admin}, with
 * the password the build gives it: {@code mesh.it.admin.password}).
 */
final class AdminApi {

    /** One answer: status and body. */
    record Answer(int status, String body) {
        JsonStructure json() {
            return Json.createReader(new StringReader(body)).read();
        }
    }

    private final String base;
    private final String user;
    private final String password;
    private final HttpClient http;

    AdminApi(int httpsPort) {
        this.base = "https://127.0.0.1:" + httpsPort;
        this.user = "admin";
        this.password = adminPassword();
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(trustAll())
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** The password of the node under test's administrator (pom.xml, {@code mesh.it.admin.password}). */
    static String adminPassword() {
        return LibertyNode.buildNodeAdminPassword();
    }

    String base() {
        return base;
    }

    String password() {
        return password;
    }

    Answer get(String path) {
        return send("GET", path, null, true);
    }

    Answer anonymous(String path) {
        return send("GET", path, null, false);
    }

    Answer post(String path, String json) {
        return send("POST", path, json, true);
    }

    Answer delete(String path) {
        return send("DELETE", path, null, true);
    }

    /**
     * As the administrator, with a body of {@code contentType} (none when {@code body} is null) and extra
     * headers such as a browser adds ({@code Origin}, {@code Sec-Fetch-Site}), alternating names and values.
     */
    Answer asBrowser(String method, String path, String body, String contentType, String... headers) {
        HttpRequest.Builder b = request(path, true);
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        if (body != null) {
            b.header("Content-Type", contentType);
        }
        return send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)));
    }

    /** GETs {@code path} until {@code until} holds (or {@code patience} passes); returns the last answer. */
    Answer await(String path, Predicate<Answer> until, Duration patience) {
        return Eventually.poll(patience, () -> get(path), until);
    }

    private Answer send(String method, String path, String json, boolean authenticated) {
        HttpRequest.Builder b = request(path, authenticated);
        if (json != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return send(b);
    }

    private HttpRequest.Builder request(String path, boolean authenticated) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json, text/plain");
        if (authenticated) {
            b.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return b;
    }

    private Answer send(HttpRequest.Builder b) {
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body());
        } catch (IOException e) {
            return new Answer(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Trusts the node's self-signed certificate: test code only, and only for 127.0.0.1. */
    private static SSLContext trustAll() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new TrustAll()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType) { }
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) { }
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) { }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType) { }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) { }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) { }
        @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
    }
}
