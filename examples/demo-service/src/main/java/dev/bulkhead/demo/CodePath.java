package dev.bulkhead.demo;

/** The two implementations of the checkout the release chooses between. */
public enum CodePath {
    /** The stable implementation. */
    OLD,
    /** The implementation being released; the only one the fault knob can break. */
    NEW;
}
