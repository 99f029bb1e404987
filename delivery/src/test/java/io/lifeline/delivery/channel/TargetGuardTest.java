package io.lifeline.delivery.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The SSRF guard on address literals, so no test depends on DNS. */
class TargetGuardTest {

  private final TargetGuard strict = new TargetGuard(List.of());

  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.1/", "http://127.8.9.10:8080/x", "http://[::1]/", "http://10.1.2.3/",
      "http://172.16.0.1/", "http://172.31.255.255/", "http://192.168.1.1/", "http://169.254.169.254/latest/meta-data",
      "http://[fe80::1]/", "http://100.64.0.1/", "http://100.127.255.254/", "http://224.0.0.1/", "http://[ff02::1]/",
      "http://0.0.0.0/", "http://[::]/", "http://[fd12:3456::1]/", "http://255.255.255.255/", "http://240.0.0.1/"})
  void internalTargetsAreRefused(String url) {
    assertThat(strict.refusal(URI.create(url))).as(url).isPresent();
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://93.184.216.34/hook", "http://100.63.255.255/", "http://100.128.0.1/",
      "http://172.32.0.1/", "https://[2606:4700::1111]/"})
  void publicTargetsAreAllowed(String url) {
    assertThat(strict.refusal(URI.create(url))).as(url).isEmpty();
  }

  @Test
  void theAllowlistOpensExactlyTheRangesItNames() {
    TargetGuard loopback = new TargetGuard(List.of(Cidr.parse("127.0.0.1/32")));
    assertThat(loopback.refusal(URI.create("http://127.0.0.1:9000/hook"))).isEmpty();
    assertThat(loopback.refusal(URI.create("http://127.0.0.2/"))).isPresent();
    assertThat(loopback.refusal(URI.create("http://[::1]/"))).isPresent();
    TargetGuard lan = new TargetGuard(List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("fd00::/8")));
    assertThat(lan.refusal(URI.create("http://10.200.0.1/"))).isEmpty();
    assertThat(lan.refusal(URI.create("http://[fd00::5]/"))).isEmpty();
    assertThat(lan.refusal(URI.create("http://192.168.0.1/"))).isPresent();
  }

  @Test
  void aHostThatDoesNotResolveIsRefusedWithAReason() {
    assertThat(strict.refusal(URI.create("http://no-such-host.invalid/"))).get().asString().contains("does not resolve");
    assertThat(strict.refusal(URI.create("http://10.0.0.1/")).orElseThrow()).contains("private", "DELIVERY_ALLOWLIST");
  }

  @Test
  void aBadRangeIsRefusedWhenParsed() {
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Cidr.parse("example.com/8")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Cidr.parse("10.0.0.0/33")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
