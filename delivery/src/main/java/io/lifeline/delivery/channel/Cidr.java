package io.lifeline.delivery.channel;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** An address range such as {@code 127.0.0.1/32} or {@code fd00::/8}. */
public record Cidr(byte[] network, int prefix) {

  public static Cidr parse(String text) {
    String[] parts = text.strip().split("/", 2);
    try {
      if (!parts[0].matches("[0-9a-fA-F.:]+")) {
        throw new IllegalArgumentException("not an address range: " + text);
      }
      byte[] address = InetAddress.getByName(parts[0]).getAddress();
      int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : address.length * 8;
      if (prefix < 0 || prefix > address.length * 8) {
        throw new IllegalArgumentException("prefix out of range in " + text);
      }
      return new Cidr(address, prefix);
    } catch (UnknownHostException | NumberFormatException e) {
      throw new IllegalArgumentException("not an address range: " + text, e);
    }
  }

  public boolean contains(InetAddress address) {
    byte[] a = address.getAddress();
    if (a.length != network.length) {
      return false;
    }
    int bits = a.length * 8;
    BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
        .xor(BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE));
    return new BigInteger(1, a).and(mask).equals(new BigInteger(1, network).and(mask));
  }

  @Override
  public String toString() {
    try {
      return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
