package io.agentmesh.transport;

/** Counters of one link at one moment, for the admin API and metrics. */
public record LinkStats(long messagesIn, long messagesOut, long bytesIn, long bytesOut, String lastError) {
}
