package dev.bulkhead.engine.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The serialised form of {@link RolloutState} kept in the Rollout status: JSON, instants as ISO-8601
 * text, map entries sorted so that an unchanged state serialises to the same bytes (the operator
 * patches the status only when it changed). Unknown fields are ignored so that an older operator
 * can read a newer state.
 */
public final class RolloutStateJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private RolloutStateJson() {
    }

    public static String write(RolloutState state) {
        try {
            return MAPPER.writeValueAsString(state);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("rollout state cannot be serialised: " + e.getOriginalMessage(), e);
        }
    }

    /** @throws IllegalArgumentException when the text is not a rollout state */
    public static RolloutState read(String json) {
        try {
            return MAPPER.readValue(json, RolloutState.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("status does not hold a rollout state: " + e.getOriginalMessage(), e);
        }
    }

    /** A mapper configured like the state's, for the operator to embed the state in its status. */
    public static ObjectMapper mapper() {
        return MAPPER.copy();
    }
}
