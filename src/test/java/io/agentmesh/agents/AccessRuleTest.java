package io.agentmesh.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.identity.NodeId;
import io.agentmesh.routing.Caller;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessRuleTest {

    static final NodeId SELF = NodeId.of("a".repeat(40));
    static final NodeId OTHER = NodeId.of("b".repeat(40));
    static final NodeId THIRD = NodeId.of("c".repeat(40));

    static Caller node(NodeId id, String... groups) {
        return Caller.node(id, Set.of(groups));
    }

    static Caller user(NodeId id, String subject, String... roles) {
        return node(id).withUser(Optional.of(new Caller.User(subject, Set.of(roles))));
    }

    private static boolean admits(String rule, Caller caller) {
        return AccessRule.parse(rule).admits(caller, SELF);
    }

    @Test
    void eachPrincipalAdmitsItsCallersOnly() {
        assertTrue(admits("node:" + OTHER.value(), node(OTHER)));
        assertFalse(admits("node:" + OTHER.value(), node(THIRD)));
        assertTrue(admits("group:edge", node(OTHER, "edge", "tools")));
        assertFalse(admits("group:edge", node(OTHER, "tools")));
        assertTrue(admits("role:admin", user(OTHER, "ann", "reader", "admin")));
        assertFalse(admits("role:admin", user(OTHER, "ann", "reader")));
        assertFalse(admits("role:admin", node(OTHER)), "no end user, no role");
        assertTrue(admits("user:ann@example.com", user(OTHER, "ann@example.com")));
        assertFalse(admits("user:ann@example.com", user(OTHER, "bob@example.com")));
        assertTrue(admits("local", node(SELF)));
        assertFalse(admits("local", node(OTHER)));
        assertTrue(admits("member", node(THIRD)));
        assertFalse(admits("member", Caller.UNAUTHENTICATED));
        assertTrue(admits("anyone", Caller.UNAUTHENTICATED));
        assertFalse(admits("none", node(SELF)));
    }

    @Test
    void anyPrincipalOfTheListAdmits() {
        String rule = " group:edge ,  node:" + THIRD.value() + ",role:ops ";
        assertTrue(admits(rule, node(OTHER, "edge")));
        assertTrue(admits(rule, node(THIRD)));
        assertTrue(admits(rule, user(OTHER, "x", "ops")));
        assertFalse(admits(rule, node(OTHER, "tools")));
        assertFalse(admits(rule, Caller.UNAUTHENTICATED));
        assertEquals("group:edge, node:" + THIRD.value() + ", role:ops", AccessRule.parse(rule).toString());
        assertEquals(List.of(), AccessRule.parse(" none ").principals());
    }

    @Test
    void badRulesSayWhatIsWrong() {
        Map<String, String> bad = Map.of(
                "", "an empty rule",
                "group:edge,,local", "an empty principal",
                "local,", "an empty principal",
                "none, local", "none stands alone",
                "everyone", "unknown principal 'everyone'",
                "group:", "needs a group",
                "role:two words", "without spaces",
                "node:ABC", "40 lowercase hex",
                "tool:x", "unknown principal");
        bad.forEach((text, message) -> {
            var e = assertThrows(IllegalArgumentException.class, () -> AccessRule.parse(text), text);
            assertTrue(e.getMessage().contains(message), () -> text + " -> " + e.getMessage());
        });
    }

    @Test
    void agentRulesHaveOneAgentClauseAndToolClauses() {
        AgentRules rules = AgentRules.parse("group:edge, local; tool forecast = member ; tool admin.reset=none");
        assertEquals("group:edge, local", rules.agent().orElseThrow().toString());
        assertEquals("member", rules.tools().get("forecast").toString());
        assertEquals("none", rules.tools().get("admin.reset").toString());
        AgentRules toolsOnly = AgentRules.parse("tool a.b.c = node:" + OTHER.value());
        assertTrue(toolsOnly.agent().isEmpty());
        assertEquals(Set.of("a.b.c"), toolsOnly.tools().keySet());
    }

    @Test
    void badAgentRulesSayWhatIsWrong() {
        Map<String, String> bad = Map.of(
                "local;", "an empty clause",
                "local; member", "two rules for the whole agent",
                "tool x", "tool <name> = <principals>",
                "tool = local", "tool <name> = <principals>",
                "tool x = local; tool x = member", "two rules for tool x",
                "tool x = ", "rule of tool x: an empty rule",
                "groups:edge", "rule of the agent: unknown principal");
        bad.forEach((text, message) -> {
            var e = assertThrows(IllegalArgumentException.class, () -> AgentRules.parse(text), text);
            assertTrue(e.getMessage().contains(message), () -> text + " -> " + e.getMessage());
        });
    }
}
