package dev.bulkhead.kubectl;

/**
 * A command that cannot do what it was asked: the message a user reads (naming the resource and the namespace) and
 * the exit code. Thrown before anything is changed, or after a change with a message that says what was changed.
 */
public final class CommandError extends RuntimeException {

    private final int exitCode;

    public CommandError(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public CommandError(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    public static CommandError usage(String message) {
        return new CommandError(ExitCodes.USAGE, message);
    }

    public static CommandError notFound(String message) {
        return new CommandError(ExitCodes.NOT_FOUND, message);
    }
}
