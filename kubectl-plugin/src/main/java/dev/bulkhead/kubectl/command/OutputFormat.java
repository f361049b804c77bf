package dev.bulkhead.kubectl.command;

/** {@code -o} of get and status. The constants are the option's values, hence lower case. */
enum OutputFormat {
    /** The tree (one rollout) or the table (a list). */
    text,
    json,
    yaml
}
