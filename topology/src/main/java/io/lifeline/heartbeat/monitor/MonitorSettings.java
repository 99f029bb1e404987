package io.lifeline.heartbeat.monitor;

import java.time.Duration;

/**
 * What the heartbeat monitor needs of the configuration (DESIGN.md section 2): the base of the
 * ping URLs that alerts carry, and how often the wall-clock scan looks for passed deadlines.
 */
public record MonitorSettings(String publicBaseUrl, Duration deadlineCheckInterval) {}
