package dev.bulkhead.operator.release.flag;

import java.util.Optional;

/**
 * Keeps a feature flag's per-tenant exposure in a flag system (Unleash) in the state Bulkhead decides.
 *
 * <p><b>Ownership.</b> Bulkhead owns only the strategies whose title starts with {@value FlagStrategy#TITLE_PREFIX};
 * every other strategy on the flag is the user's and is never changed or removed. Bulkhead also switches the
 * environment: see {@link #environmentShouldBeOn}. Bulkhead marks every feature it creates with the namespace it creates
 * it for, and a namespace's view ({@link #forNamespace}) writes only to features carrying its own mark: a feature made
 * by hand, or for another namespace, is never switched, changed or archived (handing one over is done in the flag
 * system, by adding the mark).
 *
 * <p><b>Tenancy.</b> Resources write through {@link #forNamespace}, which refuses the projects and environments the
 * namespace may not use ({@link FlagAccess}).
 *
 * <p><b>Idempotency.</b> Every method may be repeated with the same arguments; a call that finds the flag already in
 * the wanted state writes nothing. Methods are safe to call again after a failure part-way: they read the current
 * state first and finish the job.
 *
 * <p><b>Failure.</b> Methods throw {@link FlagStoreException} carrying the store's HTTP status (0 when unreachable or
 * timed out) and its error message; {@link FlagStoreException#isTransient()} tells a retry from a configuration error
 * (wrong token, unknown project or environment, a limit of the store), and {@link FlagStoreException#kind()} names a
 * refusal by {@link FlagAccess} or by ownership. Writes that reduce exposure come first: when an exception interrupts a
 * call, the flag exposes no more tenants than before the call or than asked.
 */
public interface FlagStore {

    /**
     * The view the resources of {@code namespace} write through. {@code ensure} fails with
     * {@link FlagStoreException.Kind#NOT_ALLOWED} for a location the namespace may not use and with
     * {@link FlagStoreException.Kind#NOT_OWNED} for an existing feature without the namespace's mark;
     * {@code removeManagedStrategies} and {@code archive} do nothing on a feature without the mark (Bulkhead exposed
     * nobody through it), and {@code archive} nothing where the namespace may not write.
     */
    FlagStore forNamespace(String namespace);

    /**
     * Makes the flag exist and Bulkhead's strategies in the environment equal {@code desired.strategies()}: creates
     * the feature (or revives it from the archive), creates the context fields the strategies use (the tenant key)
     * when missing, adds, replaces and deletes managed strategies, then sets the environment's switch.
     *
     * @param description written when the feature is created; may be null
     */
    void ensure(FlagLocation flag, String description, FlagState desired);

    /**
     * Reads the environment's switch and strategies, to compare with the desired state and report drift made by hand.
     *
     * @return empty when the feature does not exist (or is archived)
     */
    Optional<ObservedFlag> observe(FlagLocation flag);

    /**
     * Removes Bulkhead's strategies from the environment, switching it off first when no user strategy remains, so
     * the flag is off for every tenant Bulkhead exposed. Used on rollback and by the finalizer. A missing feature or
     * environment is already in that state.
     */
    void removeManagedStrategies(FlagLocation flag);

    /** Archives the feature (its FeatureFlag resource was deleted). A missing or archived feature is not an error. */
    void archive(FlagLocation flag);

    /**
     * Whether the environment should be on. Unleash evaluates an enabled environment without strategies as on for
     * everyone (and switching one on adds a 100% strategy), so Bulkhead switches it on only when the flag is enabled
     * and some strategy, Bulkhead's or a user's, decides who gets it.
     */
    static boolean environmentShouldBeOn(FlagState desired, int userStrategies) {
        return desired.enabled() && (!desired.strategies().isEmpty() || userStrategies > 0);
    }
}
