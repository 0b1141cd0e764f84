package io.agentmesh.admin.api;

import java.util.List;

/**
 * This node as {@code GET /api/v1/admin/node} shows it.
 *
 * @param nodeId    its id (wire-v1 §1)
 * @param identity  base64url of its Ed25519 identity key
 * @param addrs     where it accepts links
 * @param software  its software string
 * @param startedAt when it started (epoch ms)
 * @param uptimeMs  how long it has been running
 * @param status    {@code STARTING}, {@code RUNNING} or {@code FAILED}
 * @param trustMode {@code open}, {@code allowlist} or {@code certified}
 * @param linksOpen links open now
 * @param agents    ids of the agents it hosts
 */
public record NodeView(String nodeId, String identity, List<String> addrs, String software, long startedAt,
                       long uptimeMs, String status, String trustMode, int linksOpen, List<String> agents) {
}
