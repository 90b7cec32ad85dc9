package dev.tollgate.router.billing;

/** Usage could not be made durable: the answer is withheld and nothing is billed. */
public class UsageNotRecordedException extends RuntimeException {

    public UsageNotRecordedException(String requestId, Throwable cause) {
        super("usage of " + requestId + " could not be recorded", cause);
    }
}
