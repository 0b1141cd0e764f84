package io.agentmesh.agents;

import static io.agentmesh.testsupport.Json2.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A part's further members ({@code more}) follow the modelled ones in the list methods' descriptors. */
class DescriptorsTest {

    private static final ToolHandler NONE = (arguments, invocation) -> CompletableFuture.completedFuture(null);

    @Test
    void aToolsFurtherMembersFollowNeverReplacingAModelledOne() {
        var tool = new ToolDefinition("t", "T", "", obj("{'type':'object'}"), null, null, NONE, false, null,
                obj("{'icons':[{'src':'https://x.example/t.svg'}],'execution':{'taskSupport':'forbidden'},"
                        + "'_meta':{'k':1},'name':'other','inputSchema':{}}"));
        assertEquals(obj("{'name':'t','title':'T','inputSchema':{'type':'object'},"
                        + "'icons':[{'src':'https://x.example/t.svg'}],'execution':{'taskSupport':'forbidden'},'_meta':{'k':1}}"),
                Descriptors.tool(tool));
        assertEquals(obj("{'name':'t','inputSchema':{'type':'object'}}"),
                Descriptors.tool(new ToolDefinition("t", "", "", obj("{'type':'object'}"), null, null, NONE)));
    }

    @Test
    void resourcesTemplatesAndPromptsToo() {
        ResourceReader reader = (uri, variables, invocation) -> CompletableFuture.completedFuture(null);
        assertEquals(obj("{'uri':'x:1','name':'one','size':3,'icons':[]}"), Descriptors.resource(
                new ResourceDefinition("x:1", "one", "", "", "", reader, obj("{'size':3,'icons':[]}"))));
        assertEquals(obj("{'uriTemplate':'x://{id}','name':'t','annotations':{'priority':1}}"), Descriptors.template(
                new ResourceTemplateDefinition(UriTemplate.parse("x://{id}"), "t", "", "", "", reader, Map.of(),
                        obj("{'annotations':{'priority':1}}"))));
        assertEquals(obj("{'name':'p','arguments':[],'_meta':{'a':'b'}}"), Descriptors.prompt(
                new PromptDefinition("p", "", "", List.of(), (given, invocation) -> null, Map.of(), obj("{'_meta':{'a':'b'}}"))));
    }
}
