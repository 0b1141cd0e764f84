package io.agentmesh.it.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.testsupport.LibertyNode;
import io.agentmesh.testsupport.LoopbackHttps;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Admin Center over HTTPS with the administrator's credentials: configured on the build's node and by
 * environment on another, generated on a third (shown once in its log); 401 without them; the credentials
 * file owner-only and holding only Liberty's {@code {hash}} of the password; the dashboard bookmark in
 * the toolbox.
 */
class AdminCenterIT {

    private static final int HTTP_PORT = Integer.getInteger("mesh.it.http.port", 9080);
    private static final int HTTPS_PORT = Integer.getInteger("mesh.it.https.port", 9443);
    private static final Path SERVER_DIR = Path.of(System.getProperty("mesh.it.server.dir",
            "target/liberty/wlp/usr/servers/defaultServer"));
    private static final String TOOLBOX = "/ibm/api/adminCenter/v1/toolbox";
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    private final LoopbackHttps https = new LoopbackHttps();

    private static String attribute(String xml, String element, String attribute) {
        Matcher m = Pattern.compile("<" + element + "\\s[^>]*" + attribute + "=\"([^\"]*)\"").matcher(xml);
        assertTrue(m.find(), element + "@" + attribute + " in\n" + xml);
        return m.group(1);
    }

    @Test
    void theBuildsNodesAdministratorLogsInOverHttpsOnlyAndItsPasswordIsStoredAsAHash() throws Exception {
        String base = "https://127.0.0.1:" + HTTPS_PORT;
        // HTTPS opens once Liberty has read admin.xml, which the node writes as it starts
        HttpResponse<String> anonymous = https.await(base + TOOLBOX, null, null, r -> r.statusCode() == 401, PATIENCE);
        assertNotNull(anonymous, "HTTPS answers on port " + HTTPS_PORT);
        assertEquals(401, anonymous.statusCode(), anonymous.body());
        Path adminXml = SERVER_DIR.resolve("mesh-data/admin.xml").toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(adminXml), "the node wrote " + adminXml);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(adminXml)));
        String xml = Files.readString(adminXml);
        assertEquals("admin", attribute(xml, "user", "name"));
        String password = LibertyNode.buildNodeAdminPassword();
        assertTrue(attribute(xml, "user", "password").startsWith("{hash}"), xml);
        assertFalse(xml.contains(password), "the file holds no clear password");
        String keystorePassword = attribute(xml, "keyStore", "password");

        HttpResponse<String> admin = https.await(base + TOOLBOX, "admin", password, r -> r.statusCode() == 200, PATIENCE);
        assertEquals(200, admin.statusCode(), admin.body());
        assertTrue(admin.body().contains("\"ownerId\":\"admin\""), admin.body());
        assertEquals(401, https.get(base + TOOLBOX, "admin", password + "x").statusCode());

        HttpResponse<String> console = https.get(base + "/adminCenter/", null, null);
        assertTrue(console.statusCode() == 200 || console.statusCode() == 302, "Admin Center: " + console.statusCode());

        HttpResponse<String> plain = https.get("http://127.0.0.1:" + HTTP_PORT + "/adminCenter/", null, null);
        assertEquals(302, plain.statusCode());
        assertTrue(plain.headers().firstValue("Location").orElse("").startsWith(base + "/adminCenter"),
                "plain HTTP is sent to HTTPS: " + plain.headers().map());

        HttpResponse<String> bookmarks = https.await(base + TOOLBOX + "/bookmarks", "admin", password,
                r -> r.body().contains("\"url\":\"/dashboard/\""), PATIENCE);
        assertTrue(bookmarks.body().contains("\"name\":\"Mesh dashboard\""), "toolbox bookmarks: " + bookmarks.body());

        String log = Files.readString(SERVER_DIR.resolve("logs/messages.log"));
        assertTrue(log.contains("has the password set by mesh.admin.password; credentials file " + adminXml), log);
        assertFalse(log.contains(password), "the log never shows a configured password");
        assertFalse(log.contains(keystorePassword), "the log never shows the keystore password");
    }

    @Test
    void aGeneratedPasswordIsShownOnceAndStoredOnlyAsAHash() throws Exception {
        LibertyNode node = LibertyNode.create("it-admin-generated", LibertyNode.basePort() + 100, Map.of());
        try {
            node.start();
            String password = node.adminPassword(); // from the start's AUDIT line
            assertTrue(password.matches("[A-Za-z0-9_-]{32}"), "a generated password of 32 base64url characters");
            Path adminXml = node.serverDir().resolve("mesh-data/admin.xml");
            String xml = Files.readString(adminXml);
            assertTrue(attribute(xml, "user", "password").startsWith("{hash}"), xml);
            assertFalse(xml.contains(password), "the file holds no clear password");
            String base = node.httpsUrl();
            HttpResponse<String> ok = https.await(base + TOOLBOX, "admin", password, r -> r.statusCode() == 200, PATIENCE);
            assertEquals(200, ok.statusCode(), ok.body());
            assertEquals(401, https.get(base + TOOLBOX, "admin", password + "x").statusCode());
            HttpResponse<String> bookmarks = https.await(base + TOOLBOX + "/bookmarks", "admin", password,
                    r -> r.body().contains("\"url\":\"/dashboard/\""), PATIENCE);
            assertTrue(bookmarks.body().contains("Mesh dashboard"), bookmarks.body());

            node.stop();
            node.start();
            String restarted = node.messagesLog();
            assertTrue(restarted.contains("has the password whose hash is stored in"), restarted);
            assertFalse(restarted.contains(password), "shown once: not again at the next start");
            assertEquals(xml, Files.readString(adminXml), "the stored hash stays");
            HttpResponse<String> again = https.await(base + TOOLBOX, "admin", password, r -> r.statusCode() == 200, PATIENCE);
            assertEquals(200, again.statusCode(), "the same password after a restart: " + again.body());
        } finally {
            node.stop();
        }
    }

    @Test
    void theDashboardAndAdminApiNeedTheRoleOverHttps() {
        String base = "https://127.0.0.1:" + HTTPS_PORT;
        HttpResponse<String> anonymous = https.await(base + "/dashboard/", null, null, r -> r.statusCode() == 401, PATIENCE);
        assertEquals(401, anonymous.statusCode());
        assertEquals(401, https.get(base + "/api/v1/admin/node", null, null).statusCode());
        HttpResponse<String> plain = https.get("http://127.0.0.1:" + HTTP_PORT + "/dashboard/", null, null);
        assertEquals(302, plain.statusCode());
        assertTrue(plain.headers().firstValue("Location").orElse("").startsWith(base + "/dashboard/"));
        assertEquals(200, https.get("http://127.0.0.1:" + HTTP_PORT + "/health/ready", null, null).statusCode(),
                "health stays on plain HTTP without login");
    }

    @Test
    void oneLoginToTheAdminCenterOpensTheDashboard() throws Exception {
        String base = "https://127.0.0.1:" + HTTPS_PORT;
        String password = LibertyNode.buildNodeAdminPassword();
        LoopbackHttps browser = new LoopbackHttps(true);
        HttpResponse<String> page = browser.await(base + "/adminCenter/login.jsp", null, null,
                r -> r.statusCode() == 200, PATIENCE);
        assertEquals(200, page.statusCode());
        HttpResponse<String> login = browser.postForm(base + "/adminCenter/j_security_check", Map.of(
                "j_username", "admin", "j_password", password,
                "X-CSRF-Token", String.valueOf(browser.cookie("csrfToken"))));
        assertEquals(302, login.statusCode(), login.body());
        assertTrue(login.headers().firstValue("Location").orElse("").endsWith("/adminCenter/"),
                "logged in: " + login.headers().map());

        HttpResponse<String> dashboard = browser.get(base + "/dashboard/", null, null);
        assertTrue(dashboard.statusCode() != 401 && dashboard.statusCode() != 403,
                "the Admin Center's login admits to the dashboard: " + dashboard.statusCode());
        assertEquals(401, https.get(base + "/dashboard/", null, null).statusCode(), "and nothing else does");
    }

    @Test
    void anAdministratorFromTheEnvironmentLogsInAndIsNotWrittenInPlainText() throws Exception {
        String password = "operator-pass-" + Long.toHexString(System.nanoTime());
        LibertyNode node = LibertyNode.create("it-admin-env", LibertyNode.basePort() + 25,
                Map.of("MESH_ADMIN_USER", "operator", "MESH_ADMIN_PASSWORD", password));
        try {
            node.start();
            String base = node.httpsUrl();
            HttpResponse<String> ok = https.await(base + TOOLBOX, "operator", password, r -> r.statusCode() == 200, PATIENCE);
            assertNotNull(ok, "HTTPS answers on port " + node.httpsPort());
            assertEquals(200, ok.statusCode(), ok.body());
            assertEquals(401, https.get(base + TOOLBOX, "admin", password).statusCode());
            assertEquals(401, https.get(base + TOOLBOX, null, null).statusCode());

            Path adminXml = node.serverDir().resolve("mesh-data/admin.xml");
            String xml = Files.readString(adminXml);
            assertFalse(xml.contains(password), "a configured password is not stored in plain text");
            assertTrue(attribute(xml, "user", "password").startsWith("{hash}"));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(adminXml)));
            String log = node.messagesLog();
            assertTrue(log.contains("'operator' has the password set by mesh.admin.password"), log);
            assertFalse(log.contains(password));
        } finally {
            node.stop();
        }
    }
}
