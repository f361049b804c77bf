package dev.bulkhead.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * {@code /fault}: read ({@code GET}), replace ({@code POST} a {@link Fault} as JSON) or clear ({@code DELETE}) the
 * fault of the new code path at run time.
 */
@Path("/fault")
@Produces(MediaType.APPLICATION_JSON)
public class FaultResource {

    private static final Logger LOG = Logger.getLogger(FaultResource.class);

    private final FaultKnob faults;
    /** Strict: a misspelt field (say {@code errorRate}) must be refused, not read as "no fault". */
    private final ObjectReader reader;

    public FaultResource(FaultKnob faults, ObjectMapper json) {
        this.faults = faults;
        this.reader = json.readerFor(Fault.class).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    @GET
    public Fault current() {
        return faults.current();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response replace(String body) {
        Fault fault;
        try {
            fault = reader.readValue(body == null || body.isBlank() ? "{}" : body);
        } catch (JsonProcessingException e) {
            return badRequest("unreadable fault: " + e.getOriginalMessage()
                    + "; fields: tenants, segments, errorProbability, delayMillis, delayProbability");
        }
        try {
            faults.set(fault);
        } catch (IllegalArgumentException e) {
            return badRequest(e.getMessage());
        }
        LOG.infof("fault replaced: %s", fault);
        return Response.ok(fault).build();
    }

    @DELETE
    public Fault clear() {
        faults.set(Fault.NONE);
        LOG.info("fault cleared");
        return Fault.NONE;
    }

    private static Response badRequest(String message) {
        return Response.status(Response.Status.BAD_REQUEST).entity(Map.of("error", message)).build();
    }
}
