package dev.bulkhead.testbed;

import java.net.URI;

/**
 * A real Unleash server ({@code unleash-server} from npm, on its own PostgreSQL) on 127.0.0.1, shared by the JVM.
 *
 * <p>Both tokens are created at start-up ({@code INIT_ADMIN_API_TOKENS}, {@code INIT_BACKEND_API_TOKENS}) and change
 * on every start. Flags live in the {@code default} project; the client token reads the {@code development}
 * environment. Tests share the server: give flags names of their own (for example with the test class' namespace).
 *
 * @param baseUrl     for example {@code http://127.0.0.1:41234}; the Admin API is under {@code /api/admin}, the
 *                    client API under {@code /api/client}
 * @param adminToken  an admin token ({@code *:*.<secret>}), sent as the {@code Authorization} header
 * @param clientToken a backend (client) token for {@code default:development}, for {@code /api/client/features}
 */
public record Unleash(URI baseUrl, String adminToken, String clientToken) {

    @Override
    public String toString() {
        return "Unleash[" + baseUrl + "]"; // tokens stay out of logs and test reports
    }
}
