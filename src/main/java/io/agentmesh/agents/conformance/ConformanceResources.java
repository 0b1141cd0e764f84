package io.agentmesh.agents.conformance;

import io.agentmesh.agents.ResourceDefinition;
import io.agentmesh.agents.ResourceTemplateDefinition;
import io.agentmesh.agents.UriTemplate;
import io.agentmesh.json.Json;
import jakarta.json.JsonArray;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The conformance suite's fixture resources (scenarios {@code resources-*} of
 * {@code @modelcontextprotocol/conformance} 0.1.16; MCP 2025-11-25, server/resources): a text and a binary
 * resource, a template whose variable shows in what it reads, and a resource to subscribe to.
 */
final class ConformanceResources {

    static final String TEMPLATE = "test://template/{id}/data";

    private ConformanceResources() {
    }

    static List<ResourceDefinition> fixed() {
        return List.of(
                text("test://static-text", "static-text", "Static Text Resource", "A static text resource for testing",
                        "This is the content of the static text resource."),
                new ResourceDefinition("test://static-binary", "static-binary", "Static Binary Resource",
                        "A static binary resource (image) for testing", "image/png",
                        (uri, variables, invocation) -> contents(Json.createObjectBuilder().add("uri", uri)
                                .add("mimeType", "image/png").add("blob", ConformanceContent.IMAGE_BASE64).build())),
                text("test://watched-resource", "watched-resource", "Watched Resource",
                        "A resource that clients may subscribe to", "Watched resource content"));
    }

    /** {@code test://template/{id}/data}: JSON that repeats the id it was read with. */
    static ResourceTemplateDefinition template() {
        return new ResourceTemplateDefinition(UriTemplate.parse(TEMPLATE), "template", "Resource Template",
                "A resource template with parameter substitution", "application/json",
                (uri, variables, invocation) -> {
                    String id = variables.get("id");
                    String data = Json.createObjectBuilder().add("id", id).add("templateTest", true)
                            .add("data", "Data for ID: " + id).build().toString();
                    return contents(Json.createObjectBuilder().add("uri", uri).add("mimeType", "application/json")
                            .add("text", data).build());
                }, Map.of());
    }

    private static ResourceDefinition text(String uri, String name, String title, String description, String text) {
        return new ResourceDefinition(uri, name, title, description, "text/plain",
                (asked, variables, invocation) -> contents(Json.createObjectBuilder().add("uri", uri)
                        .add("mimeType", "text/plain").add("text", text).build()));
    }

    private static CompletableFuture<JsonArray> contents(jakarta.json.JsonObject content) {
        return CompletableFuture.completedFuture(Json.createArrayBuilder().add(content).build());
    }
}
