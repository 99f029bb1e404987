package io.lifeline.http.heartbeat;

/**
 * A flat two-part badge: the label (a tag, a check's name, or "lifeline") on grey, the status on its
 * colour. Text widths are estimated per character, as badge renderers do without a font at hand.
 */
final class BadgeSvg {

  private BadgeSvg() {}

  static String of(String label, String status) {
    int left = width(label) + 10;
    int right = width(status) + 10;
    String color = switch (status) {
      case "down" -> "#e05d44";
      case "late" -> "#fe7d37";
      default -> "#4c1";
    };
    String l = escape(label);
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + (left + right) + "\" height=\"20\" role=\"img\""
        + " aria-label=\"" + l + ": " + status + "\"><title>" + l + ": " + status + "</title>"
        + "<rect width=\"" + left + "\" height=\"20\" fill=\"#555\"/>"
        + "<rect x=\"" + left + "\" width=\"" + right + "\" height=\"20\" fill=\"" + color + "\"/>"
        + "<g fill=\"#fff\" text-anchor=\"middle\" font-family=\"Verdana,DejaVu Sans,sans-serif\" font-size=\"11\">"
        + "<text x=\"" + left / 2.0 + "\" y=\"14\">" + l + "</text>"
        + "<text x=\"" + (left + right / 2.0) + "\" y=\"14\">" + status + "</text></g></svg>";
  }

  private static int width(String s) {
    int w = 0;
    for (char c : s.toCharArray()) {
      w += "iljtf:.,;'!|I ".indexOf(c) >= 0 ? 4 : Character.isUpperCase(c) || "mw".indexOf(c) >= 0 ? 9 : 7;
    }
    return w;
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
