package io.agentmesh.admin.api;

import io.agentmesh.admin.console.AdminException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** An {@link AdminException} becomes its HTTP status with an {@link ErrorBody}. */
@Provider
public class AdminExceptionMapper implements ExceptionMapper<AdminException> {

    @Override
    public Response toResponse(AdminException e) {
        return error(e.status(), e.getMessage());
    }

    static Response error(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ErrorBody(status, message)).build();
    }
}
