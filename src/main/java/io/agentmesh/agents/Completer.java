package io.agentmesh.agents;

import java.util.List;
import java.util.Map;

/** Offers completion candidates for one prompt argument or template variable (completion/complete). */
@FunctionalInterface
public interface Completer {

    /**
     * @param value   what the user has typed so far
     * @param context the other arguments already resolved ({@code context.arguments}), may be empty
     */
    List<String> complete(String value, Map<String, String> context) throws Exception;
}
