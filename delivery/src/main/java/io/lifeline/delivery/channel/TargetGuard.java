package io.lifeline.delivery.channel;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * The SSRF guard: a target whose host resolves to a loopback, link-local, private, CGNAT, multicast
 * or otherwise reserved address is refused, unless {@code DELIVERY_ALLOWLIST} lists it. Every address
 * a host resolves to must pass. It runs when a channel is created and again before each request, so
 * a name that later resolves elsewhere (DNS rebinding) is caught; the JDK caches the answer it gave
 * here (30 s by default), so the connection that follows goes to the address that was checked.
 */
public final class TargetGuard {

  private static final List<Cidr> RESERVED_V4 = List.of(
      Cidr.parse("0.0.0.0/8"), Cidr.parse("192.0.0.0/24"), Cidr.parse("198.18.0.0/15"), Cidr.parse("240.0.0.0/4"));
  private static final Cidr CGNAT = Cidr.parse("100.64.0.0/10");
  private static final Cidr UNIQUE_LOCAL_V6 = Cidr.parse("fc00::/7");

  private final List<Cidr> allowlist;

  public TargetGuard(List<Cidr> allowlist) {
    this.allowlist = List.copyOf(allowlist);
  }

  /** Why this URL may not be a target, or empty when it may. */
  public Optional<String> refusal(URI target) {
    String host = target.getHost();
    if (host == null) {
      return Optional.of("the URL has no host");
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      return Optional.of("host " + host + " does not resolve");
    }
    for (InetAddress address : addresses) {
      Optional<String> why = forbidden(address);
      if (why.isPresent() && allowlist.stream().noneMatch(c -> c.contains(address))) {
        return Optional.of(host + " resolves to " + address.getHostAddress() + ", a " + why.get()
            + " address; list it in DELIVERY_ALLOWLIST to allow it");
      }
    }
    return Optional.empty();
  }

  static Optional<String> forbidden(InetAddress a) {
    if (a.isLoopbackAddress()) {
      return Optional.of("loopback");
    } else if (a.isLinkLocalAddress()) {
      return Optional.of("link-local");
    } else if (a.isSiteLocalAddress() || (a instanceof Inet6Address && UNIQUE_LOCAL_V6.contains(a))) {
      return Optional.of("private");
    } else if (a.isMulticastAddress()) {
      return Optional.of("multicast");
    } else if (a.isAnyLocalAddress()) {
      return Optional.of("unspecified");
    } else if (CGNAT.contains(a)) {
      return Optional.of("CGNAT");
    } else if (a instanceof Inet4Address && (RESERVED_V4.stream().anyMatch(c -> c.contains(a))
        || a.getHostAddress().equals("255.255.255.255"))) {
      return Optional.of("reserved");
    }
    return Optional.empty();
  }
}
