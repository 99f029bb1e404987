package io.lifeline.metering;

/** What is wrong with one item of a request: its index in the request, the field (null: the item as a whole), why. */
public record ItemError(int index, String field, String message) {}
