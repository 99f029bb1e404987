package io.lifeline.metering;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Turns one JSON object of a body into a pulse input, adding to {@code errors} what cannot be read. */
@FunctionalInterface
public interface ItemReader {
  PulseInput read(int index, ObjectNode item, List<ItemError> errors);
}
