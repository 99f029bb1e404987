/**
 * What the HTTP edge calls, and nothing else: {@link io.lifeline.ports.CheckLookup} (this instance's
 * replica of the check definitions), {@link io.lifeline.ports.Commands} (writes of checks and pings),
 * {@link io.lifeline.ports.PulseSink} (writes of pulses),
 * {@link io.lifeline.ports.ChannelLookup} and {@link io.lifeline.ports.ChannelCommands} (the alert
 * channels), {@link io.lifeline.ports.Deliveries} (target checks and test sends) and {@link io.lifeline.ports.StateQueries}
 * (the state of the topology, wherever it lives). Each write completes only once Kafka acknowledged
 * it ({@link io.lifeline.ports.KafkaUnavailable} otherwise); each read of state fails with
 * {@link io.lifeline.ports.StoreUnavailable} rather than answer wrongly while state moves.
 */
package io.lifeline.ports;
