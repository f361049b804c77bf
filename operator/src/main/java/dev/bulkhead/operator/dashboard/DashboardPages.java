package dev.bulkhead.operator.dashboard;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The dashboard's page, script and style under {@code /dashboard}. They live in {@code dashboard-web/} on the class
 * path rather than in {@code META-INF/resources}, which Quarkus would serve to anyone whether or not the dashboard is
 * enabled; served from here, {@link DashboardFilter} keeps them behind the switch. The files hold no data: everything
 * shown comes from {@link DashboardApi}, with the reader's token.
 */
@Path("/dashboard")
@DashboardEndpoint
public class DashboardPages {

    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "dom.js", "text/javascript; charset=utf-8",
            "charts.js", "text/javascript; charset=utf-8",
            "app.css", "text/css; charset=utf-8");

    @GET
    public Response index() {
        return file("index.html");
    }

    @GET
    @Path("/{file}")
    public Response asset(@PathParam("file") String file) {
        if (!FILES.containsKey(file)) {
            return Response.status(Response.Status.NOT_FOUND).build();
        }
        return file(file);
    }

    private static Response file(String name) {
        try (InputStream in = DashboardPages.class.getClassLoader().getResourceAsStream("dashboard-web/" + name)) {
            if (in == null) {
                return Response.status(Response.Status.NOT_FOUND).build();
            }
            return Response.ok(in.readAllBytes(), FILES.get(name)).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
