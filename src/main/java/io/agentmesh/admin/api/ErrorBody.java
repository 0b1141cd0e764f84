package io.agentmesh.admin.api;

/** The body of every error answer of the admin API: the HTTP status and what went wrong. */
public record ErrorBody(int status, String message) {
}
