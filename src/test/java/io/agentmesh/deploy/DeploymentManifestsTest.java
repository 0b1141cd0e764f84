package io.agentmesh.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The container file and the Kubernetes manifests under {@code deploy/}, checked without a container
 * engine or a cluster: every manifest parses, and what they say agrees with server.xml, the documented
 * configuration keys and the repository (docs/operations.md, "Deployment").
 */
class DeploymentManifestsTest {

    private static final Path PROJECT = Path.of(System.getProperty("user.dir"));
    private static final Path KUBERNETES = PROJECT.resolve("deploy/kubernetes");
    private static final Path CONTAINERFILE = PROJECT.resolve("deploy/Containerfile");

    private static final Map<String, List<Map<String, Object>>> BY_KIND = new LinkedHashMap<>();
    private static final Map<String, Map<String, Object>> BY_FILE = new LinkedHashMap<>();

    @BeforeAll
    static void parseEveryManifest() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(KUBERNETES)) {
            files = s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "manifests in " + KUBERNETES);
        for (Path file : files) {
            Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
            int docs = 0;
            for (Object doc : yaml.loadAll(Files.readString(file))) {
                if (doc == null) {
                    continue;
                }
                docs++;
                Map<String, Object> m = map(doc, file + ": a document");
                String kind = string(m.get("kind"), file + ": kind");
                assertNotNull(m.get("apiVersion"), file + ": apiVersion");
                if (!kind.equals("Kustomization")) {
                    assertNotNull(map(m.get("metadata"), file + ": metadata").get("name"), file + ": metadata.name");
                }
                BY_KIND.computeIfAbsent(kind, k -> new ArrayList<>()).add(m);
                BY_FILE.put(file.getFileName().toString(), m);
            }
            assertTrue(docs > 0, file + " has a document");
        }
    }

    // ------------------------------------------------------------------ helpers

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o, String what) {
        if (!(o instanceof Map)) {
            fail(what + " is not a mapping: " + o);
        }
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o, String what) {
        if (!(o instanceof List)) {
            fail(what + " is not a list: " + o);
        }
        return (List<Object>) o;
    }

    private static String string(Object o, String what) {
        if (o == null) {
            fail(what + " is missing");
        }
        return String.valueOf(o);
    }

    private static Map<String, Object> path(Map<String, Object> root, String... keys) {
        Map<String, Object> m = root;
        for (String k : keys) {
            m = map(m.get(k), k);
        }
        return m;
    }

    private static Map<String, Object> only(String kind) {
        List<Map<String, Object>> all = BY_KIND.getOrDefault(kind, List.of());
        assertEquals(1, all.size(), "one " + kind + " among " + BY_KIND.keySet());
        return all.get(0);
    }

    private static Map<String, Object> statefulSet() {
        return only("StatefulSet");
    }

    private static Map<String, Object> container() {
        List<Object> containers = list(path(statefulSet(), "spec", "template", "spec").get("containers"), "containers");
        assertEquals(1, containers.size());
        return map(containers.get(0), "container");
    }

    private static Map<String, Map<String, Object>> env() {
        Map<String, Map<String, Object>> env = new LinkedHashMap<>();
        for (Object e : list(container().get("env"), "env")) {
            Map<String, Object> var = map(e, "env entry");
            env.put(string(var.get("name"), "env name"), var);
        }
        return env;
    }

    private static String envValue(String name) {
        Map<String, Object> var = env().get(name);
        assertNotNull(var, "env " + name);
        return string(var.get("value"), name + ".value");
    }

    /** A server.xml variable's default. */
    private static String serverXmlDefault(String variable) throws IOException {
        String xml = Files.readString(PROJECT.resolve("server.xml"));
        Matcher m = Pattern.compile("<variable\\s+name=\"" + Pattern.quote(variable) + "\"\\s+defaultValue=\"([^\"]*)\"")
                .matcher(xml);
        assertTrue(m.find(), "server.xml variable " + variable);
        return m.group(1);
    }

    private static int containerPort(String name) {
        for (Object p : list(container().get("ports"), "ports")) {
            Map<String, Object> port = map(p, "port");
            if (name.equals(port.get("name"))) {
                return ((Number) port.get("containerPort")).intValue();
            }
        }
        throw new AssertionError("no container port named " + name);
    }

    /** Every key documented in docs/configuration.md (first column of its tables). */
    private static Set<String> documentedKeys() throws IOException {
        Set<String> keys = new HashSet<>();
        Pattern key = Pattern.compile("`([a-z][a-z0-9.-]*)`");
        for (String line : Files.readAllLines(PROJECT.resolve("docs/configuration.md"))) {
            if (line.startsWith("| `")) {
                Matcher m = key.matcher(line.substring(0, line.indexOf('|', 1)));
                while (m.find()) {
                    keys.add(m.group(1));
                }
            }
        }
        return keys;
    }

    /** The environment variable name of a MicroProfile Config key (and of a Liberty variable). */
    private static String envName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    // ------------------------------------------------------------------ manifests

    @Test
    void theKindsOfAMeshAreThere() {
        assertTrue(BY_KIND.keySet().containsAll(List.of("StatefulSet", "Service", "Kustomization")), BY_KIND.keySet().toString());
        assertTrue(((Number) path(statefulSet(), "spec").get("replicas")).intValue() >= 3, "a mesh of several nodes");
    }

    @Test
    void aHeadlessServiceNamesTheNodesAndSelectsThePods() {
        Map<String, Object> spec = path(statefulSet(), "spec");
        String serviceName = string(spec.get("serviceName"), "serviceName");
        Map<String, Object> headless = BY_KIND.get("Service").stream()
                .filter(s -> serviceName.equals(path(s, "metadata").get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no Service " + serviceName));
        assertEquals("None", path(headless, "spec").get("clusterIP"));
        assertEquals(Boolean.TRUE, path(headless, "spec").get("publishNotReadyAddresses"),
                "nodes stay resolvable while not ready, so that peers can link to them");

        Map<String, Object> podLabels = path(spec, "template", "metadata", "labels");
        assertEquals(path(spec, "selector", "matchLabels"), podLabels.entrySet().stream()
                .filter(e -> path(spec, "selector", "matchLabels").containsKey(e.getKey()))
                .collect(LinkedHashMap::new, (m, e) -> m.put(e.getKey(), e.getValue()), Map::putAll));
        for (Map<String, Object> service : BY_KIND.get("Service")) {
            Map<String, Object> selector = path(service, "spec", "selector");
            selector.forEach((k, v) -> assertEquals(v, podLabels.get(k), "service selector " + k));
        }
    }

    @Test
    void portsAndProbesMatchServerXml() throws IOException {
        int http = Integer.parseInt(serverXmlDefault("http.port"));
        int https = Integer.parseInt(serverXmlDefault("https.port"));
        assertEquals(http, containerPort("http"));
        assertEquals(https, containerPort("https"));

        Map<String, Object> c = container();
        Map<String, String> probes = Map.of("readinessProbe", "/health/ready", "livenessProbe", "/health/live",
                "startupProbe", "/health/live");
        probes.forEach((probe, expectedPath) -> {
            Map<String, Object> get = path(c, probe, "httpGet");
            assertEquals(expectedPath, get.get("path"), probe);
            Object port = get.get("port");
            int number = port instanceof Number n ? n.intValue() : containerPort(string(port, probe + " port"));
            assertEquals(http, number, probe + " on the plain HTTP port");
            assertFalse("HTTPS".equals(get.get("scheme")), probe + " is plain HTTP: health needs no login");
        });
    }

    @Test
    void everyEnvironmentVariableIsARealConfigurationKey() throws IOException {
        Set<String> documented = documentedKeys();
        assertTrue(documented.contains("mesh.data-dir") && documented.contains("mesh.bootstrap"), documented.toString());
        Set<String> known = new HashSet<>();
        documented.forEach(k -> known.add(envName(k)));
        Map<String, Map<String, Object>> env = env();
        String allValues = env.values().toString();
        for (String name : env.keySet()) {
            boolean helper = allValues.contains("$(" + name + ")") && env.get(name).containsKey("valueFrom");
            assertTrue(known.contains(name) || helper,
                    name + " is neither a key of docs/configuration.md (as MESH_*) nor a helper used as $(" + name + ")");
        }
    }

    @Test
    void theDataDirectoryIsThePersistentVolume() {
        String dataDir = envValue("MESH_DATA_DIR");
        List<Object> mounts = list(container().get("volumeMounts"), "volumeMounts");
        Map<String, Object> mount = mounts.stream().map(m -> map(m, "mount"))
                .filter(m -> dataDir.equals(m.get("mountPath"))).findFirst()
                .orElseThrow(() -> new AssertionError("no volume mounted at " + dataDir));
        List<Object> claims = list(path(statefulSet(), "spec").get("volumeClaimTemplates"), "volumeClaimTemplates");
        assertTrue(claims.stream().map(t -> path(map(t, "claim"), "metadata").get("name")).anyMatch(mount.get("name")::equals),
                "the mount is a volume claim template (one volume per node)");
    }

    @Test
    void everyNodeBootstrapsFromNodeZeroAndAdvertisesItsStableName() throws IOException {
        Map<String, Object> spec = path(statefulSet(), "spec");
        String set = string(path(statefulSet(), "metadata").get("name"), "name");
        String service = string(spec.get("serviceName"), "serviceName");
        int http = Integer.parseInt(serverXmlDefault("http.port"));

        URI bootstrap = URI.create(envValue("MESH_BOOTSTRAP"));
        assertEquals("ws", bootstrap.getScheme());
        assertEquals(set + "-0." + service, bootstrap.getHost(), "node 0's stable DNS name");
        assertEquals(http, bootstrap.getPort());
        assertEquals("/mesh", bootstrap.getPath());
        assertEquals("ws://$(POD_NAME)." + service + ":" + http + "/mesh", envValue("MESH_ADVERTISE"));
        assertEquals("*", envValue("HTTP_HOST"), "listens beyond loopback in the pod");
    }

    @Test
    void theAdminPasswordComesFromASecretThatIsNeverCommitted() throws IOException {
        Map<String, Object> password = env().get("MESH_ADMIN_PASSWORD");
        assertNotNull(password);
        assertFalse(password.containsKey("value"), "no password in a manifest");
        Map<String, Object> ref = path(password, "valueFrom", "secretKeyRef");
        for (Map.Entry<String, Map<String, Object>> e : env().entrySet()) {
            if (e.getKey().contains("PASSWORD")) {
                assertFalse(e.getValue().containsKey("value"), e.getKey() + " has a literal value");
            }
        }
        Map<String, Object> generator = BY_KIND.get("Kustomization").get(0);
        Map<String, Object> secret = list(generator.get("secretGenerator"), "secretGenerator").stream()
                .map(s -> map(s, "secret")).filter(s -> ref.get("name").equals(s.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no secretGenerator for " + ref.get("name")));
        String envFile = string(list(secret.get("envs"), "envs").get(0), "envs");
        assertTrue(Files.readAllLines(PROJECT.resolve(".gitignore")).contains("/deploy/kubernetes/" + envFile),
                envFile + " is ignored by git");
        assertTrue(BY_FILE.keySet().stream().noneMatch(f -> f.contains("secret")), "no Secret manifest with data");
        assertTrue(BY_KIND.getOrDefault("Secret", List.of()).isEmpty(), "no Secret manifest with data");
    }

    @Test
    void theKustomizationListsEveryOtherManifest() {
        Map<String, Object> kustomization = BY_KIND.get("Kustomization").get(0);
        Set<String> resources = new HashSet<>();
        list(kustomization.get("resources"), "resources").forEach(r -> resources.add(String.valueOf(r)));
        Set<String> others = new HashSet<>(BY_FILE.keySet());
        others.remove("kustomization.yaml");
        assertEquals(others, resources);
    }

    // ------------------------------------------------------------------ container file

    private static List<String> containerLines() throws IOException {
        List<String> lines = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : Files.readAllLines(CONTAINERFILE)) {
            String line = raw.strip();
            if (line.startsWith("#") || line.isEmpty() && current.isEmpty()) {
                continue;
            }
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            current.append(line);
            lines.add(current.toString().strip());
            current.setLength(0);
        }
        return lines;
    }

    @Test
    void theContainerFileBuildsOnTheOfficialImageFromFilesOfThisRepository() throws IOException {
        List<String> lines = containerLines();
        assertTrue(lines.get(0).startsWith("FROM icr.io/appcafe/open-liberty:"), lines.get(0));
        String pom = Files.readString(PROJECT.resolve("pom.xml"));
        Matcher finalName = Pattern.compile("<finalName>([^<]+)</finalName>").matcher(pom);
        assertTrue(finalName.find());
        int copies = 0;
        for (String line : lines) {
            if (!line.startsWith("COPY ")) {
                continue;
            }
            copies++;
            String[] words = line.split("\\s+");
            List<String> args = new ArrayList<>();
            for (int i = 1; i < words.length; i++) {
                if (!words[i].startsWith("--")) {
                    args.add(words[i]);
                }
            }
            for (String source : args.subList(0, args.size() - 1)) {
                if (source.startsWith("target/")) {
                    assertEquals("target/" + finalName.group(1) + ".war", source, "the WAR the build makes");
                } else {
                    assertTrue(Files.exists(PROJECT.resolve(source)), "COPY source " + source + " exists in the repository");
                }
            }
        }
        assertTrue(copies >= 3, "server.xml, liberty/ config and the WAR are copied");
        assertTrue(lines.stream().anyMatch(l -> l.equals("COPY --chown=1001:0 server.xml /config/server.xml")));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("RUN features.sh")), "features installed into the image");
    }

    @Test
    void theContainerFileAgreesWithTheManifests() throws IOException {
        List<String> lines = containerLines();
        String env = String.join(" ", lines.stream().filter(l -> l.startsWith("ENV ")).toList());
        assertTrue(env.contains("MESH_DATA_DIR=" + envValue("MESH_DATA_DIR")), env);
        assertTrue(lines.stream().anyMatch(l -> l.equals("VOLUME " + envValue("MESH_DATA_DIR"))));
        String expose = lines.stream().filter(l -> l.startsWith("EXPOSE ")).findFirst().orElseThrow();
        assertTrue(expose.contains(String.valueOf(containerPort("http"))) && expose.contains(String.valueOf(containerPort("https"))),
                expose);
    }

    @Test
    void theNodesAreCertifiedWithEachPodsIdentityAndCertificateFromASecret() throws IOException {
        assertEquals("certified", envValue("MESH_TRUST_MODE"));
        assertEquals("agentmesh-authority",
                path(env().get("MESH_TRUST_AUTHORITIES"), "valueFrom", "configMapKeyRef").get("name"));
        Map<String, Object> podSpec = path(statefulSet(), "spec", "template", "spec");
        Map<String, Object> init = map(list(podSpec.get("initContainers"), "initContainers").get(0), "init container");
        String script = String.join(" ", list(init.get("command"), "command").stream().map(Object::toString).toList());
        assertTrue(script.contains("$(POD_NAME).identity.key " + envValue("MESH_DATA_DIR") + "/identity.key"), script);
        assertTrue(script.contains("$(POD_NAME).membership.cert " + envValue("MESH_DATA_DIR") + "/membership.cert"), script);
        Map<String, Object> volume = map(list(podSpec.get("volumes"), "volumes").get(0), "volume");
        assertEquals("agentmesh-members", path(volume, "secret").get("secretName"));
        Map<String, Object> kustomization = BY_KIND.get("Kustomization").get(0);
        Map<String, Object> members = list(kustomization.get("secretGenerator"), "secretGenerator").stream()
                .map(g -> map(g, "generator")).filter(g -> "agentmesh-members".equals(g.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no secretGenerator agentmesh-members"));
        int replicas = ((Number) path(statefulSet(), "spec").get("replicas")).intValue();
        for (int i = 0; i < replicas; i++) {
            assertTrue(list(members.get("files"), "files").contains("members/agentmesh-" + i + ".membership.cert"), "pod " + i);
        }
        List<String> ignored = Files.readAllLines(PROJECT.resolve(".gitignore"));
        assertTrue(ignored.contains("/deploy/kubernetes/members/") && ignored.contains("/deploy/kubernetes/authority.env"));
        assertTrue(String.join(" ", containerLines()).contains("MESH_TRUST_MODE=certified"), "the image defaults to certified");
    }
}
