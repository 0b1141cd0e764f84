package io.agentmesh.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.agentmesh.agents.annotations.Agent;
import io.agentmesh.agents.annotations.Complete;
import io.agentmesh.agents.annotations.NonBlocking;
import io.agentmesh.agents.annotations.Prompt;
import io.agentmesh.agents.annotations.Resource;
import io.agentmesh.agents.annotations.ResourceTemplate;
import io.agentmesh.agents.annotations.Tool;
import io.agentmesh.agents.annotations.ToolArg;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each invalid declaration fails with its own message naming class and member. */
class AgentValidatorTest {

    private static final String P = AgentValidatorTest.class.getName() + "$";

    @Agent(id = "ok")
    @ApplicationScoped
    static class Valid {
        @Tool
        public String hello(@ToolArg(name = "who") String who) {
            return who;
        }
    }

    @Test
    void aValidAgentHasNoErrors() {
        assertEquals(List.of(), AgentValidator.validateDeployment(List.of(Valid.class)));
    }

    @Agent(id = "fast")
    @ApplicationScoped
    static class NonBlockingOnAResource {
        @Tool
        @NonBlocking
        public String quick() {
            return "ok";
        }

        @Resource(uri = "fast://status")
        @NonBlocking
        public String status() {
            return "up";
        }

        @NonBlocking
        public String helper() {
            return "";
        }
    }

    @Test
    void nonBlockingIsForToolsOnly() {
        assertEquals(List.of(P + "NonBlockingOnAResource.helper: @NonBlocking is for @Tool methods only",
                        P + "NonBlockingOnAResource.status: @NonBlocking is for @Tool methods only"),
                AgentValidator.validate(NonBlockingOnAResource.class).stream().sorted().toList());
    }

    @Agent(id = "ok")
    @ApplicationScoped
    static class SameId {
    }

    @Test
    void duplicateAgentId() {
        assertEquals(List.of(P + "SameId: duplicate agent id 'ok' (also declared by " + P + "Valid)"),
                AgentValidator.validateDeployment(List.of(Valid.class, SameId.class)));
    }

    @Agent(id = "tools")
    static class Reserved {
    }

    @Test
    void reservedAgentId() {
        assertEquals(List.of(P + "Reserved: agent id 'tools' is reserved (wire-v1 §5.1)"),
                AgentValidator.validate(Reserved.class));
    }

    @Agent(id = "node")
    static class ReservedNode {
    }

    @Test
    void nodeIsReserved() {
        assertEquals(List.of(P + "ReservedNode: agent id 'node' is reserved (wire-v1 §5.1)"),
                AgentValidator.validate(ReservedNode.class));
    }

    @Agent(id = "bad id")
    static class BadId {
    }

    @Test
    void invalidAgentId() {
        assertEquals(List.of(P + "BadId: invalid agent id 'bad id': must match [A-Za-z0-9][A-Za-z0-9._-]{0,63}"),
                AgentValidator.validate(BadId.class));
    }

    @Agent(id = "dup")
    static class DuplicateTools {
        @Tool(name = "x")
        public String a() {
            return "";
        }

        @Tool(name = "x")
        public String b() {
            return "";
        }
    }

    @Test
    void duplicateToolName() {
        assertEquals(List.of(P + "DuplicateTools.b: duplicate tool name 'x' (also " + P + "DuplicateTools.a)"),
                AgentValidator.validate(DuplicateTools.class));
    }

    @Agent(id = "dup")
    static class DuplicatePrompts {
        @Prompt(name = "p")
        public String a() {
            return "";
        }

        @Prompt(name = "p")
        public String b() {
            return "";
        }
    }

    @Test
    void duplicatePromptName() {
        assertEquals(List.of(P + "DuplicatePrompts.b: duplicate prompt name 'p' (also " + P + "DuplicatePrompts.a)"),
                AgentValidator.validate(DuplicatePrompts.class));
    }

    @Agent(id = "dup")
    static class DuplicateResources {
        @Resource(uri = "a://x", name = "one")
        public String a() {
            return "";
        }

        @Resource(uri = "a://x", name = "two")
        public String b() {
            return "";
        }
    }

    @Test
    void duplicateResourceUri() {
        assertEquals(List.of(P + "DuplicateResources.b: duplicate resource uri 'a://x' (also " + P
                + "DuplicateResources.a)"), AgentValidator.validate(DuplicateResources.class));
    }

    @Agent(id = "types")
    static class UnsupportedParameter {
        @Tool
        public String take(@ToolArg(name = "thing") Object thing) {
            return "";
        }
    }

    @Test
    void unsupportedParameterType() {
        assertEquals(List.of(P + "UnsupportedParameter.take: parameter 'thing': unsupported type java.lang.Object:"
                + " only records, POJOs and the listed JDK types have a schema"),
                AgentValidator.validate(UnsupportedParameter.class));
    }

    @Agent(id = "names")
    static class MissingToolName {
        @Tool(name = "")
        public String unnamed() {
            return "";
        }
    }

    @Test
    void missingToolName() {
        assertEquals(List.of(P + "MissingToolName.unnamed: missing tool name"),
                AgentValidator.validate(MissingToolName.class));
    }

    @Agent(id = "uri")
    static class MissingUri {
        @Resource(uri = "")
        public String data() {
            return "";
        }
    }

    @Test
    void missingResourceUri() {
        assertEquals(List.of(P + "MissingUri.data: missing resource uri"), AgentValidator.validate(MissingUri.class));
    }

    @Test
    void missingParameterNameWithoutParametersFlag() throws Exception {
        // Compiled at run time without -parameters, so the parameter has no name.
        Class<?> type = Compiler.compile("p.NoNames", "package p;\n"
                + "@io.agentmesh.agents.annotations.Agent(id = \"nn\")\n"
                + "public class NoNames {\n"
                + "  @io.agentmesh.agents.annotations.Tool public String t(String s) { return s; }\n"
                + "}\n");
        assertEquals(List.of("p.NoNames.t: parameter 0 needs a name: annotate it @ToolArg(name = ...) or compile"
                + " with -parameters"), AgentValidator.validate(type));
    }

    @Agent(id = "args")
    static class DuplicateArgs {
        @Tool
        public String t(@ToolArg(name = "a") String x, @ToolArg(name = "a") String y) {
            return "";
        }
    }

    @Test
    void duplicateArgumentName() {
        assertEquals(List.of(P + "DuplicateArgs.t: duplicate argument name 'a'"),
                AgentValidator.validate(DuplicateArgs.class));
    }

    @Agent(id = "blob")
    static class BlobWithoutMime {
        @Tool
        public byte[] data() {
            return new byte[0];
        }
    }

    @Test
    void byteResultNeedsMimeType() {
        assertEquals(List.of(P + "BlobWithoutMime.data: a byte[] result needs @Tool(mimeType = ...)"),
                AgentValidator.validate(BlobWithoutMime.class));
    }

    @Agent(id = "priv")
    static class PrivateTool {
        @Tool
        String hidden() {
            return "";
        }
    }

    @Test
    void toolMethodMustBePublic() {
        assertEquals(List.of(P + "PrivateTool.hidden: an agent method must be public and not static"),
                AgentValidator.validate(PrivateTool.class));
    }

    @Agent(id = "def")
    static class BadDefault {
        @Tool
        public String t(@ToolArg(name = "n", defaultValue = "many") int n) {
            return "";
        }
    }

    @Test
    void invalidDefaultValue() {
        assertEquals(List.of(P + "BadDefault.t: parameter 'n': invalid default value 'many': n: expected integer,"
                + " got string"), AgentValidator.validate(BadDefault.class));
    }

    @Agent(id = "tpl")
    static class BadTemplate {
        @ResourceTemplate(uriTemplate = "a://{+rest}")
        public String t(@ToolArg(name = "rest") String rest) {
            return "";
        }
    }

    @Test
    void templateBeyondLevelOne() {
        assertEquals(List.of(P + "BadTemplate.t: URI template a://{+rest}: only simple {var} expressions"
                + " (RFC 6570 level 1) are supported, not {+rest}"), AgentValidator.validate(BadTemplate.class));
    }

    @Agent(id = "tpl")
    static class TemplateParameterNotAVariable {
        @ResourceTemplate(uriTemplate = "a://{id}")
        public String t(@ToolArg(name = "key") String key) {
            return "";
        }
    }

    @Test
    void templateParameterMustBeAVariable() {
        assertEquals(List.of(P + "TemplateParameterNotAVariable.t: parameter 'key' is not a variable of a://{id}"),
                AgentValidator.validate(TemplateParameterNotAVariable.class));
    }

    @Agent(id = "cmp")
    static class CompletionOfNothing {
        @Complete(prompt = "missing", arg = "x")
        public List<String> c(String prefix) {
            return List.of();
        }
    }

    @Test
    void completionForAnUnknownPrompt() {
        assertEquals(List.of(P + "CompletionOfNothing.c: no prompt missing in this agent"),
                AgentValidator.validate(CompletionOfNothing.class));
    }

    @Agent(id = "cmp")
    static class CompletionBothTargets {
        @Complete(prompt = "p", template = "a://{x}", arg = "x")
        public List<String> c(String prefix) {
            return List.of();
        }
    }

    @Test
    void completionNamesExactlyOneTarget() {
        assertEquals(List.of(P + "CompletionBothTargets.c: @Complete names exactly one of prompt and template"),
                AgentValidator.validate(CompletionBothTargets.class));
    }

    @Agent(id = "two")
    static class TwoKinds {
        @Tool
        @Prompt
        public String both() {
            return "";
        }
    }

    @Test
    void oneKindPerMethod() {
        assertEquals(List.of(P + "TwoKinds.both: a method takes only one of @Tool, @Resource, @ResourceTemplate,"
                + " @Prompt, @Complete"), AgentValidator.validate(TwoKinds.class));
    }

    @Agent(id = "plain")
    static class NotManaged {
    }

    @Test
    void deploymentNeedsAManagedComponent() {
        assertEquals(List.of(P + "NotManaged: an agent must be an EJB @Singleton or @Stateless session bean or an"
                + " @ApplicationScoped CDI bean"), AgentValidator.validateDeployment(List.of(NotManaged.class)));
    }

    @Test
    void definitionsRefuseInvalidClasses() {
        var e = assertThrows(IllegalArgumentException.class, () -> AgentDefinitions.of(new DuplicateTools()));
        assertEquals(P + "DuplicateTools.b: duplicate tool name 'x' (also " + P + "DuplicateTools.a)", e.getMessage());
    }

    @Agent(id = "guards")
    @ApplicationScoped
    @RolesAllowed({})
    static class MisplacedSecurity {
        @Tool
        @RolesAllowed("a")
        @PermitAll
        public String both() {
            return "";
        }

        @Resource(uri = "guards://status")
        @DenyAll
        public String status() {
            return "up";
        }
    }

    @Test
    void securityAnnotationsAreOnePerClassOrToolMethod() {
        assertEquals(List.of(P + "MisplacedSecurity.both: takes only one of @RolesAllowed, @PermitAll, @DenyAll",
                        P + "MisplacedSecurity.status: @RolesAllowed, @PermitAll and @DenyAll are read on the agent"
                                + " class and on @Tool methods only",
                        P + "MisplacedSecurity: @RolesAllowed needs at least one role, none blank"),
                AgentValidator.validate(MisplacedSecurity.class).stream().sorted().toList());
    }

    @Agent(id = "bean")
    @jakarta.ejb.Stateless
    static class GuardedEnterpriseBean {
        @Tool
        @RolesAllowed("a")
        public String hello() {
            return "";
        }
    }

    @Test
    void securityAnnotationsNeedACdiAgent() {
        assertEquals(List.of(P + "GuardedEnterpriseBean: @RolesAllowed, @PermitAll and @DenyAll need an @ApplicationScoped"
                        + " agent: on an enterprise bean the EJB container would check them against its own caller, not the mesh's"),
                AgentValidator.validateDeployment(List.of(GuardedEnterpriseBean.class)));
        assertEquals(List.of(), AgentValidator.validateDeployment(List.of(GuardedAgent.class)));
    }
}
