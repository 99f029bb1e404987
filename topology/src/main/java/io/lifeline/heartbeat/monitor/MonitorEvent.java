package io.lifeline.heartbeat.monitor;

import io.lifeline.schemas.CheckDefinition;
import io.lifeline.schemas.Ping;

/** What the monitor consumes: a check definition (null for a deletion) or a ping, both keyed by check uuid. */
sealed interface MonitorEvent {

  record DefinitionChanged(CheckDefinition definition) implements MonitorEvent {}

  record PingReceived(Ping ping) implements MonitorEvent {}
}
