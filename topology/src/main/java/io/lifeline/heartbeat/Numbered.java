package io.lifeline.heartbeat;

/** The {@code n}-th entry of a check's history (a ping or a flip), counting from 1 for its first ever. */
public record Numbered<T>(long n, T entry) {}
