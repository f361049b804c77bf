package dev.bulkhead.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The tri-state status of a {@link Condition}. */
public enum ConditionStatus {
    @JsonProperty("True") TRUE,
    @JsonProperty("False") FALSE,
    @JsonProperty("Unknown") UNKNOWN
}
