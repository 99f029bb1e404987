package io.lifeline.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComparisonTest {

  private static final JsonNodeFactory JSON = JsonNodeFactory.withExactBigDecimals(true);

  private static JsonNode total(String total) {
    return JSON.objectNode().put("total", new BigDecimal(total));
  }

  @Test
  void equalRecordsPairOffAndTheRestIsMissingExtraOrDifferent() {
    Map<String, List<JsonNode>> emitted = Comparison.byKey();
    Map<String, List<JsonNode>> derived = Comparison.byKey();
    Comparison.put(emitted, "same", total("1.000000000"));
    Comparison.put(derived, "same", total("1.000000000"));
    Comparison.put(emitted, "changed", total("2.000000001"));
    Comparison.put(derived, "changed", total("2.000000000"));
    Comparison.put(derived, "never-emitted", total("3"));
    Comparison.put(emitted, "forged", total("4"));
    Comparison.put(emitted, "twice", total("5"));
    Comparison.put(emitted, "twice", total("5"));
    Comparison.put(derived, "twice", total("5"));

    Comparison comparison = new Comparison();
    comparison.compare("batches", emitted, derived);

    assertThat(comparison.tallies()).containsExactly(new Comparison.Tally("batches", 6, 2));
    assertThat(comparison.differences()).extracting(d -> d.kind() + " " + d.key()).containsExactly(
        "DIFFERENT changed", "EXTRA forged", "MISSING never-emitted", "EXTRA twice");
    assertThat(comparison.differences().get(0).emitted().get("total").decimalValue()).isEqualTo("2.000000001");
    assertThat(comparison.count(Comparison.Kind.EXTRA)).isEqualTo(2);
  }

  @Test
  void aTotalDiffersAtTheLastDigit() {
    Map<String, List<JsonNode>> emitted = Comparison.byKey();
    Map<String, List<JsonNode>> derived = Comparison.byKey();
    Comparison.put(emitted, "b", total("0.300000000"));
    Comparison.put(derived, "b", total("0.300000001"));
    Comparison comparison = new Comparison();
    comparison.compare("batches", emitted, derived);
    assertThat(comparison.count(Comparison.Kind.DIFFERENT)).isEqualTo(1);
  }
}
