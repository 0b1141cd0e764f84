package io.agentmesh.session;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * What a node needs to take part in end-to-end sessions, as its composition root provides it.
 *
 * @param local          this node as its sessions present it
 * @param policy         admits the far ends of sessions, as for a link's peer
 * @param settings       mode and limits
 * @param policyChanges  registers a task to run after each change of the policy (trust mode, allow and block
 *                       lists, revocations), so that sessions whose peer it now refuses are dropped
 */
public record SessionSetup(SessionLocal local, PeerPolicy policy, SessionSettings settings,
                           Consumer<Runnable> policyChanges) {

    public SessionSetup {
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(policyChanges, "policyChanges");
    }
}
