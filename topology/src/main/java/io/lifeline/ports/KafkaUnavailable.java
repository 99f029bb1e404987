package io.lifeline.ports;

/** Kafka did not acknowledge a write or could not be asked; the client should retry later. */
public final class KafkaUnavailable extends RuntimeException {
  public KafkaUnavailable(Throwable cause) {
    super("Kafka did not acknowledge the write: " + cause.getMessage(), cause);
  }

  public KafkaUnavailable(String message) {
    super(message);
  }
}
