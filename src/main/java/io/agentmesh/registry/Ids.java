package io.agentmesh.registry;

/** A quick form check of node ids (wire-v1 §1) for the hot paths of gossip, without a regex. */
final class Ids {

    private Ids() {
    }

    /** True when {@code s} is 40 characters of {@code [0-9a-f]}; agrees with {@code NodeId.isNodeId}. */
    static boolean isNodeId(String s) {
        if (s == null || s.length() != 40) {
            return false;
        }
        for (int i = 0; i < 40; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }
}
