package dev.tollgate.router.controlplane.application;

/**
 * A control-plane request refused, answered as RFC 7807 problem JSON; nothing was changed.
 *
 * @see dev.tollgate.router.controlplane.api.ProblemResponses
 */
public class ControlPlaneProblem extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;

    public ControlPlaneProblem(int status, String type, String title, String detail) {
        super(detail);
        this.status = status;
        this.type = "urn:tollgate:problem:" + type;
        this.title = title;
    }

    public static ControlPlaneProblem badRequest(String type, String detail) {
        return new ControlPlaneProblem(400, type, "Invalid request", detail);
    }

    public static ControlPlaneProblem unauthenticated(String detail) {
        return new ControlPlaneProblem(401, "unauthenticated", "Unauthenticated", detail);
    }

    public static ControlPlaneProblem forbidden(String type, String detail) {
        return new ControlPlaneProblem(403, type, "Forbidden", detail);
    }

    public static ControlPlaneProblem notFound(String detail) {
        return new ControlPlaneProblem(404, "not-found", "Not found", detail);
    }

    public static ControlPlaneProblem conflict(String type, String detail) {
        return new ControlPlaneProblem(409, type, "Conflict", detail);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }
}
