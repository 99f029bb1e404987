package io.lifeline.metering;

import java.util.ArrayList;
import java.util.List;

/** The items read from a request body and what was wrong with the ones that could not be read. */
public record ParsedBody(List<PulseInput> items, List<ItemError> errors) {

  public ParsedBody() {
    this(new ArrayList<>(), new ArrayList<>());
  }
}
