package io.agentmesh.agents;

import io.agentmesh.identity.NodeId;
import io.agentmesh.json.Json;
import io.agentmesh.routing.Caller;
import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.JsonRpcException;
import io.agentmesh.transport.LogLimiter;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Decides, at the destination node and before an agent runs, whether the caller of a request may make it
 * (docs/operations.md, "Who may call what"): by the configured {@link AccessRules} and by the Jakarta
 * security annotations of the agent ({@link RoleConstraint}); both must admit. A refusal answers
 * {@code -32064} (wire-v1 §5.5) whose data names this node, the agent and the rule's subject
 * ({@code "agent weather"}, {@code "tool weather/forecast"} or {@code "unauthenticated"}), never who is
 * allowed; it is counted ({@link AccessObserver}) and logged at most once per agent and reason per interval.
 * <ul>
 *   <li>A caller whose origin could not be authenticated is refused everything when the rules say so.</li>
 *   <li>{@code initialize}, {@code server/discover}, {@code ping} and {@code tools/list} are open to every
 *       other caller;
 *       {@code tools/list} shows only the tools the caller may call ({@link #mayCall}).</li>
 *   <li>{@code tools/call} of a tool follows the tool's own rule if it has one, else the agent's; then the
 *       tool method's annotation, else the class's.</li>
 *   <li>Every other method (resources, prompts, completion) follows the agent's rule and the class's annotation.</li>
 * </ul>
 */
public final class AccessControl {

    /** Why a request was refused: a metric label. */
    public enum Reason {
        /** The caller's origin is not authenticated and this node refuses such callers. */
        UNAUTHENTICATED,
        /** A configured rule does not admit the caller. */
        RULE,
        /** The end user lacks the role an annotation asks for. */
        ROLES;

        /** The metric label: {@code unauthenticated}, {@code rule}, {@code roles}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A refusal: the rule's subject and why. */
    record Refusal(String subject, Reason reason) {
    }

    static final String MESSAGE = "forbidden by the receiving node's policy";

    private static final Logger LOG = Logger.getLogger(AccessControl.class.getName());

    private final AccessRules rules;
    private final Supplier<NodeId> self;
    private final AccessObserver observer;
    private final LogLimiter log;

    /** No rules and no log: what a host without access configuration applies (annotations still count). */
    public static AccessControl open() {
        return new AccessControl(AccessRules.OPEN, () -> {
            throw new IllegalStateException("open access rules need no node id");
        }, AccessObserver.NONE, new LogLimiter(LogLimiter.DEFAULT_INTERVAL, System::nanoTime));
    }

    /**
     * @param rules    the configured rules
     * @param self     this node's id, asked for at the first decision that needs it (after start-up)
     * @param observer hears refusals
     * @param log      limits the log lines of refusals
     */
    public AccessControl(AccessRules rules, Supplier<NodeId> self, AccessObserver observer, LogLimiter log) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.self = Objects.requireNonNull(self, "self");
        this.observer = Objects.requireNonNull(observer, "observer");
        this.log = Objects.requireNonNull(log, "log");
    }

    /**
     * Returns when {@code caller} may make this request of {@code agent}.
     *
     * @throws JsonRpcException {@code -32064} when it may not
     */
    public void admit(AgentDefinition agent, String method, JsonObject params, Caller caller) throws JsonRpcException {
        Optional<Refusal> refusal = decide(agent, method, params, caller);
        if (refusal.isEmpty()) {
            return;
        }
        Refusal r = refusal.get();
        observer.refused(agent.id(), r.reason());
        log.log(LOG, Level.INFO, "access " + agent.id() + " " + r.reason().label(),
                "refused a request to agent {0} from {1}: {2} ({3})", agent.id(),
                caller.node().map(n -> "node " + n).orElse("an unauthenticated caller"), r.reason().label(), r.subject());
        throw new JsonRpcException(JsonRpc.FORBIDDEN, MESSAGE, Json.createObjectBuilder()
                .add("node", self.get().value()).add("agent", agent.id()).add("rule", r.subject()).build());
    }

    /** Whether {@code caller} may call {@code tool} of {@code agent}: what {@code tools/list} shows it. */
    public boolean mayCall(AgentDefinition agent, ToolDefinition tool, Caller caller) {
        return decideTool(agent, tool, caller).isEmpty();
    }

    /**
     * Whether every caller gets the same answers to the list methods of {@code agent}: callers that are not
     * authenticated are admitted, the agent's rule and every rule of its tools admit anyone, and neither the
     * agent nor a tool declares roles. Only then may those lists be cached {@code "public"} (MCP 2026-07-28
     * server/utilities/caching, "Choosing a Cache Scope": filtered lists are {@code "private"}).
     */
    public boolean sameForEveryone(AgentDefinition agent) {
        return rules.admitUnauthenticated() && admitsAnyone(rules.agentRule(agent.id())) && unconstrained(agent.roles())
                && agent.tools().stream().allMatch(t -> unconstrained(t.roles())
                        && rules.toolRule(agent.id(), t.name()).map(AccessControl::admitsAnyone).orElse(true));
    }

    private static boolean admitsAnyone(AccessRule rule) {
        return rule.principals().stream().anyMatch(p -> p.kind() == AccessRule.Kind.ANYONE);
    }

    private static boolean unconstrained(RoleConstraint roles) {
        return roles.kind() == RoleConstraint.Kind.NONE || roles.kind() == RoleConstraint.Kind.PERMIT_ALL;
    }

    Optional<Refusal> decide(AgentDefinition agent, String method, JsonObject params, Caller caller) {
        if (!caller.authenticated() && !rules.admitUnauthenticated()) {
            return Optional.of(new Refusal("unauthenticated", Reason.UNAUTHENTICATED));
        }
        return switch (method) {
            case "initialize", "server/discover", "ping", "tools/list" -> Optional.empty();
            case "tools/call" -> {
                Optional<ToolDefinition> tool = params.get("name") instanceof JsonString name
                        ? agent.tool(name.getString()) : Optional.empty();
                yield tool.isPresent() ? decideTool(agent, tool.get(), caller) : decideAgent(agent, caller);
            }
            default -> decideAgent(agent, caller);
        };
    }

    private Optional<Refusal> decideAgent(AgentDefinition agent, Caller caller) {
        String subject = "agent " + agent.id();
        AccessRule rule = rules.agentRule(agent.id());
        if (!rule.admits(caller, nodeIfNeeded(rule))) {
            return Optional.of(new Refusal(subject, Reason.RULE));
        }
        return agent.roles().admits(caller) ? Optional.empty() : Optional.of(new Refusal(subject, Reason.ROLES));
    }

    private Optional<Refusal> decideTool(AgentDefinition agent, ToolDefinition tool, Caller caller) {
        String subject = "tool " + agent.id() + "/" + tool.name();
        Optional<AccessRule> own = rules.toolRule(agent.id(), tool.name());
        AccessRule rule = own.orElseGet(() -> rules.agentRule(agent.id()));
        if (!rule.admits(caller, nodeIfNeeded(rule))) {
            return Optional.of(new Refusal(own.isPresent() ? subject : "agent " + agent.id(), Reason.RULE));
        }
        if (tool.roles().within(agent.roles()).admits(caller)) {
            return Optional.empty();
        }
        return Optional.of(new Refusal(tool.roles().kind() == RoleConstraint.Kind.NONE ? "agent " + agent.id() : subject,
                Reason.ROLES));
    }

    /** This node's id when {@code rule} names {@code local}; else null (so that no rule asks for it needlessly). */
    private NodeId nodeIfNeeded(AccessRule rule) {
        return rule.principals().stream().anyMatch(p -> p.kind() == AccessRule.Kind.LOCAL) ? self.get() : null;
    }
}
