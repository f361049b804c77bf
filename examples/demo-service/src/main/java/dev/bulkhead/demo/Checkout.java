package dev.bulkhead.demo;

/**
 * The business logic behind {@code GET /checkout}, in an old and a new implementation. The new one is where the fault
 * knob acts: it may sleep and fail for the tenants the fault hits.
 */
public final class Checkout {

    private final FaultKnob faults;

    public Checkout(FaultKnob faults) {
        this.faults = faults;
    }

    /**
     * Serves one checkout.
     *
     * @throws CheckoutFailure when the fault fails the request
     */
    public Receipt serve(String tenant, Release release) throws CheckoutFailure, InterruptedException {
        return switch (release.path()) {
            case OLD -> new Receipt(tenant, release.version(), "old", 1000);
            case NEW -> newCheckout(tenant, release);
        };
    }

    private Receipt newCheckout(String tenant, Release release) throws CheckoutFailure, InterruptedException {
        FaultEffect effect = faults.draw(tenant);
        if (!effect.delay().isZero()) {
            Thread.sleep(effect.delay().toMillis());
        }
        if (effect.fail()) {
            throw new CheckoutFailure("the new checkout failed for tenant " + tenant + " (fault knob)");
        }
        return new Receipt(tenant, release.version(), "new", 990);
    }

    /**
     * The answer of a checkout.
     *
     * @param tenant     the tenant key
     * @param version    the version label
     * @param codePath   {@code old} or {@code new}
     * @param totalCents the price (the new pricing gives a discount, so the two paths are told apart)
     */
    public record Receipt(String tenant, String version, String codePath, long totalCents) {
    }

    /** A checkout the fault knob failed. */
    public static final class CheckoutFailure extends Exception {
        public CheckoutFailure(String message) {
            super(message);
        }
    }
}
