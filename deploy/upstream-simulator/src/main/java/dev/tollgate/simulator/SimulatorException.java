package dev.tollgate.simulator;

/**
 * An answer the simulator gives as an OpenAI-style error body
 * ({@code {"error":{"message","type","param","code"}}}) with the given HTTP status.
 *
 * <p>Thrown from anywhere in request handling, so that validation and injected failures
 * share one code path and always produce the same error shape that real providers use.
 */
final class SimulatorException extends RuntimeException {

    final int status;
    final String type;
    final String code;

    SimulatorException(int status, String type, String code, String message) {
        super(message);
        this.status = status;
        this.type = type;
        this.code = code;
    }

    static SimulatorException badRequest(String message) {
        return new SimulatorException(400, "invalid_request_error", "invalid_request", message);
    }

    /**
     * Signals that the connection must be dropped without a complete HTTP answer.
     *
     * <p>The JDK server closes the connection when a handler throws, without writing the
     * terminating chunk of a chunked body: that is exactly a provider dying mid-response,
     * which is what {@code connect-reset} and {@code x-simulator-fail-after-tokens} imitate.
     */
    static final class DropConnection extends RuntimeException {
        DropConnection(String why) {
            super(why, null, false, false);
        }
    }
}
