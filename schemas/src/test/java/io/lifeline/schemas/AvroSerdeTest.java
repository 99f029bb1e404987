package io.lifeline.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

  private final AvroSerde<Pulse> serde = new AvroSerde<>(Pulse.class);

  @Test
  void decimalsSurviveTheWireToTheLastDigit() {
    Pulse pulse = pulse(new BigDecimal("12345678901234567890.123456789"));
    Pulse back = serde.decode(serde.encode(pulse));
    assertThat(back.getAmount()).isEqualByComparingTo("12345678901234567890.123456789");
    assertThat(back).isEqualTo(pulse);
  }

  @Test
  void writesSingleObjectEncoding() {
    byte[] bytes = serde.encode(pulse(BigDecimal.ONE));
    assertThat(bytes[0]).isEqualTo((byte) 0xC3);
    assertThat(bytes[1]).isEqualTo((byte) 0x01);
  }

  @Test
  void tombstonesStayNull() {
    assertThat(serde.encode(null)).isNull();
    assertThat(serde.decode(null)).isNull();
  }

  @Test
  void aRecordOfAnUnknownSchemaIsASerializationError() {
    Schema stranger = SchemaBuilder.record("Stranger").fields().requiredString("x").endRecord();
    GenericRecord record = new GenericData.Record(stranger);
    record.put("x", "y");
    byte[] bytes = encode(stranger, record);
    assertThatThrownBy(() -> serde.decode(bytes)).isInstanceOf(SerializationException.class);
  }

  @Test
  void garbageIsASerializationError() {
    assertThatThrownBy(() -> serde.decode(new byte[] {1, 2, 3})).isInstanceOf(SerializationException.class);
  }

  private static byte[] encode(Schema schema, GenericRecord record) {
    try {
      return new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(record).array();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static Pulse pulse(BigDecimal amount) {
    Instant t = Instant.parse("2026-11-22T10:00:00Z");
    return Pulse.newBuilder().setId("p1").setTenant("t").setSku("s").setUnit("KB").setAmount(amount.setScale(9))
        .setOccurredAt(t).setReceivedAt(t).setAttributes(Map.of()).build();
  }
}
