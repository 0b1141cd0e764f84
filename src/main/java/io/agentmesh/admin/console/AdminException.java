package io.agentmesh.admin.console;

/**
 * An admin action that cannot be done, with the HTTP status the admin API answers it with: 400 for
 * bad input, 404 for something that does not exist, 502 when the mesh answered with an error, 504
 * when it did not answer in time.
 */
public class AdminException extends RuntimeException {

    private final int status;

    public AdminException(int status, String message) {
        super(message);
        this.status = status;
    }

    public static AdminException badRequest(String message) {
        return new AdminException(400, message);
    }

    public static AdminException notFound(String message) {
        return new AdminException(404, message);
    }

    public int status() {
        return status;
    }
}
