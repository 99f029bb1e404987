package io.lifeline.metering.meter;

import java.time.Duration;

/**
 * What the usage meter needs of the configuration (DESIGN.md section 2): the window size, the grace
 * before a window is final, how long pulse ids are remembered, and how often idle windows are closed.
 */
public record MeteringSettings(Duration window, Duration grace, Duration dedupRetention, Duration closeCheckInterval) {}
