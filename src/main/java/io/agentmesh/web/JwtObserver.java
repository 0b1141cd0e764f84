package io.agentmesh.web;

/** Told of each JWT access token that {@link JwtAccess} refused (metrics). */
@FunctionalInterface
public interface JwtObserver {

    JwtObserver NONE = failure -> { };

    void refused(JwtFailure failure);
}
