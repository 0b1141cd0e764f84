package io.agentmesh.admin.api;

import io.agentmesh.admin.console.AdminException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.concurrent.CompletionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/** An asynchronous admin answer that failed: its {@link AdminException}'s status, else 500. */
@Provider
public class CompletionExceptionMapper implements ExceptionMapper<CompletionException> {

    private static final Logger LOG = Logger.getLogger(CompletionExceptionMapper.class.getName());

    @Override
    public Response toResponse(CompletionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof AdminException a) {
            return AdminExceptionMapper.error(a.status(), a.getMessage());
        }
        if (cause instanceof WebApplicationException w) {
            return w.getResponse();
        }
        LOG.log(Level.WARNING, "admin API request failed", cause);
        return AdminExceptionMapper.error(500, "internal error");
    }
}
