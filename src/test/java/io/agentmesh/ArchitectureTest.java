package io.agentmesh;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package structure of docs/architecture.md, checked on the compiled main classes: every package
 * depends only on those below it (siblings not on each other), {@code identity} and {@code noise} use
 * no Jakarta API, and only the composition root ({@code node}) reads MicroProfile Config.
 */
class ArchitectureTest {

    private static final int MAX_LINES = 400;

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages("io.agentmesh");
    }

    /** The layers from the bottom up; a layer may use those listed before it and {@code json}. */
    static ArchRule layers() {
        return layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("json").definedBy("io.agentmesh.json..")
                .layer("identity").definedBy("io.agentmesh.identity..")
                .layer("noise").definedBy("io.agentmesh.noise..")
                .layer("membership").definedBy("io.agentmesh.membership..")
                .layer("transport").definedBy("io.agentmesh.transport..")
                .layer("session").definedBy("io.agentmesh.session..")
                .layer("routing").definedBy("io.agentmesh.routing..")
                .layer("web").definedBy("io.agentmesh.web..")
                .layer("mcp").definedBy("io.agentmesh.mcp..")
                .layer("agents").definedBy("io.agentmesh.agents..")
                .layer("registry").definedBy("io.agentmesh.registry..")
                .layer("api").definedBy("io.agentmesh.api..")
                .layer("node").definedBy("io.agentmesh.node..")
                .layer("admin").definedBy("io.agentmesh.admin..")
                .whereLayer("admin").mayNotBeAccessedByAnyLayer()
                .whereLayer("node").mayOnlyBeAccessedByLayers("admin")
                .whereLayer("api").mayOnlyBeAccessedByLayers("node", "admin")
                .whereLayer("registry").mayOnlyBeAccessedByLayers("node", "admin")
                .whereLayer("agents").mayOnlyBeAccessedByLayers("node", "admin")
                .whereLayer("mcp").mayOnlyBeAccessedByLayers("agents", "api", "node", "admin")
                .whereLayer("web").mayOnlyBeAccessedByLayers("agents", "api", "node", "admin")
                .whereLayer("routing").mayOnlyBeAccessedByLayers("web", "mcp", "agents", "registry", "api", "node", "admin")
                .whereLayer("session").mayOnlyBeAccessedByLayers("routing", "agents", "registry", "api", "node", "admin")
                .whereLayer("transport").mayOnlyBeAccessedByLayers("session", "routing", "web", "agents", "registry", "api",
                        "node", "admin")
                .whereLayer("membership").mayOnlyBeAccessedByLayers("transport", "session", "routing", "web", "agents",
                        "registry", "api", "node", "admin")
                .whereLayer("noise").mayOnlyBeAccessedByLayers("membership", "transport", "session", "routing", "web",
                        "agents", "registry", "api", "node", "admin")
                .whereLayer("identity").mayOnlyBeAccessedByLayers("noise", "membership", "transport", "session", "routing",
                        "web", "agents", "registry", "api", "node", "admin");
    }

    static ArchRule identityAndNoiseUseNoJakartaApi() {
        return noClasses().that().resideInAnyPackage("io.agentmesh.identity..", "io.agentmesh.noise..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta..");
    }

    static ArchRule onlyTheCompositionRootReadsConfiguration() {
        return noClasses().that().resideOutsideOfPackage("io.agentmesh.node..")
                .should().dependOnClassesThat().resideInAPackage("org.eclipse.microprofile.config..");
    }

    @Test
    void packagesDependOneWay() {
        layers().check(main);
    }

    /**
     * The same order on the source's import lines, which also sees what the bytecode cannot: an import
     * used only for a compile-time constant, inlined by the compiler.
     */
    @Test
    void importLinesPointDown() throws IOException {
        Map<String, Set<String>> mayUse = Map.ofEntries(
                Map.entry("json", Set.of()),
                Map.entry("identity", Set.of("json")),
                Map.entry("noise", Set.of("json", "identity")),
                Map.entry("membership", Set.of("json", "identity", "noise")),
                Map.entry("transport", Set.of("json", "identity", "noise", "membership")),
                Map.entry("session", Set.of("json", "identity", "noise", "membership", "transport")),
                Map.entry("routing", Set.of("json", "identity", "noise", "membership", "transport", "session")),
                Map.entry("web", Set.of("json", "identity", "noise", "membership", "transport", "session", "routing")),
                Map.entry("mcp", Set.of("json", "identity", "noise", "membership", "transport", "session", "routing",
                        "web")),
                Map.entry("agents", Set.of("json", "identity", "noise", "membership", "transport", "session", "routing",
                        "web", "mcp")),
                Map.entry("registry", Set.of("json", "identity", "noise", "membership", "transport", "session", "routing",
                        "web")),
                Map.entry("api", Set.of("json", "identity", "noise", "membership", "transport", "session", "routing",
                        "web", "mcp")),
                Map.entry("node", Set.of("json", "identity", "noise", "membership", "transport", "session", "routing",
                        "web", "mcp", "agents", "registry", "api")),
                Map.entry("admin", Set.of("json", "identity", "noise", "membership", "transport", "session", "routing",
                        "web", "mcp", "agents", "registry", "api", "node")));
        Pattern ours = Pattern.compile("^import (?:static )?io\\.agentmesh\\.([a-z]+)\\.", Pattern.MULTILINE);
        Path root = Path.of("src/main/java/io/agentmesh");
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String layer = root.relativize(file).getName(0).toString();
                assertTrue(mayUse.containsKey(layer), "a package that is in no layer: " + layer);
                Matcher m = ours.matcher(Files.readString(file));
                while (m.find()) {
                    String used = m.group(1);
                    if (!used.equals(layer) && !mayUse.get(layer).contains(used)) {
                        violations.add(root.relativize(file) + " imports " + used);
                    }
                }
            }
        }
        assertEquals(List.of(), violations, "imports that point up (or sideways) the package order");
    }

    /** Each main class does one job, small enough to read at once. */
    @Test
    void noMainSourceFileIsOverFourHundredLines() throws IOException {
        Path root = Path.of("src/main/java");
        List<String> large = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                long lines = Files.readAllLines(file).size();
                if (lines > MAX_LINES) {
                    large.add(root.relativize(file) + " (" + lines + " lines)");
                }
            }
        }
        assertEquals(List.of(), large, "main source files over " + MAX_LINES + " lines");
    }

    @Test
    void identityAndNoiseAreFreeOfJakarta() {
        identityAndNoiseUseNoJakartaApi().check(main);
    }

    @Test
    void onlyTheCompositionRootReadsMicroProfileConfig() {
        onlyTheCompositionRootReadsConfiguration().check(main);
    }

    @Test
    void noTwoTopLevelClassesShareASimpleName() {
        Map<String, List<String>> byName = main.stream()
                .filter(c -> c.getEnclosingClass().isEmpty() && !c.getSimpleName().equals("package-info"))
                .collect(Collectors.groupingBy(JavaClass::getSimpleName, TreeMap::new,
                        Collectors.mapping(JavaClass::getName, Collectors.toList())));
        byName.values().removeIf(names -> names.size() < 2);
        assertEquals(Map.of(), byName, "classes that share a simple name");
    }
}
