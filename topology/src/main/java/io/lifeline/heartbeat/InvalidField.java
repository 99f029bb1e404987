package io.lifeline.heartbeat;

/** A command field that cannot be accepted; the HTTP edge answers 400 naming {@link #field()}. */
public final class InvalidField extends RuntimeException {

  private final String field;

  public InvalidField(String field, String message) {
    super(message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
