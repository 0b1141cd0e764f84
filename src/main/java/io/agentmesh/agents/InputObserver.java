package io.agentmesh.agents;

/** Hears the retries of multi round-trip requests that an agent of this node refuses (metrics). */
public interface InputObserver {

    /** Why a retry was refused (−32602). */
    enum Reason {
        /** Its {@code requestState} is missing, malformed, forged, expired, or another caller's or request's. */
        STATE,
        /** An answer in its {@code inputResponses} does not fit its question. */
        ANSWER;

        /** The metric label. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Hears nothing. */
    InputObserver NONE = (agent, reason) -> { };

    /** A retry to {@code agent}, an agent hosted here, was refused for {@code reason}. */
    void retryRefused(String agent, Reason reason);
}
