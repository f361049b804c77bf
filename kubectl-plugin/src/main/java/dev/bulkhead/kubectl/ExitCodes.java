package dev.bulkhead.kubectl;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The plugin's exit codes, the same for every command, so scripts can tell "not there" from "not allowed" from
 * "the rollout failed" without parsing messages. {@link #USAGE} is picocli's own code for a command line it refuses.
 */
public final class ExitCodes {

    public static final int OK = 0;
    /** Anything else: the API server unreachable, a conflict that did not resolve, an unexpected answer. */
    public static final int ERROR = 1;
    /** The command line is wrong: unknown option, missing argument, a value out of range. Nothing was changed. */
    public static final int USAGE = 2;
    /** The rollout, its Segmentation, an SLO, a ConfigMap or a segment does not exist. */
    public static final int NOT_FOUND = 3;
    /** The API server refused the caller: HTTP 403 (RBAC) or 401 (credentials). */
    public static final int FORBIDDEN = 4;
    /** {@code status}: the rollout is RolledBack or Failed; {@code --until-phase}: it ended there instead; {@code analyze}: a segment fails. */
    public static final int ROLLOUT_FAILED = 5;
    /** {@code --wait} or {@code --until-phase} did not see what it waited for within {@code --timeout}. */
    public static final int TIMEOUT = 6;

    private ExitCodes() {
    }

    /** The list every command's {@code --help} shows. */
    static Map<String, String> help() {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put(Integer.toString(OK), "ok");
        codes.put(Integer.toString(ERROR), "error (API server unreachable, conflict, unexpected answer)");
        codes.put(Integer.toString(USAGE), "usage error: bad option or argument, nothing changed");
        codes.put(Integer.toString(NOT_FOUND), "not found: rollout, Segmentation, SLO, ConfigMap or segment");
        codes.put(Integer.toString(FORBIDDEN), "forbidden: the API server refused (403, or 401)");
        codes.put(Integer.toString(ROLLOUT_FAILED), "rollout RolledBack or Failed (status, --until-phase); a segment fails (analyze)");
        codes.put(Integer.toString(TIMEOUT), "timed out (--wait, --until-phase)");
        return codes;
    }
}
