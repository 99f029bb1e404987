package io.lifeline.heartbeat;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * systemd {@code OnCalendar} expressions (systemd.time(7), "Calendar events"), which healthchecks takes
 * for schedules that are not five-field cron: {@code [weekdays] [[year-]month-day] [hour:minute[:second]]
 * [zone]}, one or more per expression, one per line. Each component is {@code *}, a value, a list
 * ({@code 1,15}), a range ({@code Mon..Fri}, {@code 9..17}) or a repetition ({@code 0/15}, {@code *}{@code /2});
 * {@code ~} counts days from the end of the month ({@code *-02~01} is the last day of February,
 * {@code Mon *-05~07/1} the last Monday of May). A missing date is every day, a missing time midnight,
 * and the shorthands {@code minutely}, {@code hourly}, {@code daily}, {@code weekly}, {@code monthly},
 * {@code quarterly}, {@code semiannually}, {@code yearly} and {@code annually} are known. As in
 * healthchecks, nothing is looked for past the year 2200.
 */
final class OnCalendarSchedule {

  static final int LAST_YEAR = 2199;
  private static final Map<String, String> SHORTHANDS = Map.of(
      "minutely", "*-*-* *:*:00", "hourly", "*-*-* *:00:00", "daily", "*-*-* 00:00:00",
      "weekly", "Mon *-*-* 00:00:00", "monthly", "*-*-01 00:00:00", "quarterly", "*-01,04,07,10-01 00:00:00",
      "semiannually", "*-01,07-01 00:00:00", "yearly", "*-01-01 00:00:00", "annually", "*-01-01 00:00:00");
  private static final List<String> DAY_NAMES = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");

  private final List<Event> events;

  private OnCalendarSchedule(List<Event> events) {
    this.events = events;
  }

  /** Parses every line; throws {@link IllegalArgumentException} saying what is wrong. */
  static OnCalendarSchedule parse(String expression) {
    List<Event> events = new ArrayList<>();
    for (String line : expression.strip().split("\\n")) {
      if (!line.isBlank()) {
        events.add(Event.parse(line.strip()));
      }
    }
    if (events.isEmpty()) {
      throw new IllegalArgumentException("an empty OnCalendar expression");
    }
    return new OnCalendarSchedule(events);
  }

  /** The first time strictly after {@code after}, in the event's own zone when it names one, else {@code zone}. */
  Optional<ZonedDateTime> nextAfter(ZonedDateTime after) {
    Optional<ZonedDateTime> soonest = Optional.empty();
    for (Event e : events) {
      Optional<ZonedDateTime> next = e.nextAfter(after);
      if (next.isPresent() && (soonest.isEmpty() || next.get().isBefore(soonest.get()))) {
        soonest = next;
      }
    }
    return soonest;
  }

  /** One line: the days it matches and the times of day, in an optional zone. */
  private record Event(BitSet weekdays, BitSet years, BitSet months, BitSet days, boolean fromEnd,
      BitSet hours, BitSet minutes, BitSet seconds, ZoneId zone) {

    static Event parse(String line) {
      String expanded = SHORTHANDS.getOrDefault(line.toLowerCase(Locale.ROOT), line);
      List<String> tokens = new ArrayList<>(List.of(expanded.split("\\s+")));
      ZoneId zone = null;
      String last = tokens.get(tokens.size() - 1);
      if (tokens.size() > 1 && CronSchedule.isValidZone(CronSchedule.canonicalZone(last))) {
        zone = parseZone(last);
        tokens.remove(tokens.size() - 1);
      }
      BitSet weekdays = all(1, 7);
      if (!tokens.isEmpty() && Character.isLetter(tokens.get(0).charAt(0))) {
        weekdays = parseWeekdays(tokens.remove(0).replaceAll(",$", ""));
      }
      String date = null;
      String time = null;
      for (String token : tokens) {
        if (token.contains(":") && time == null) {
          time = token;
        } else if ((token.contains("-") || token.contains("~")) && date == null && time == null) {
          date = token;
        } else {
          throw new IllegalArgumentException("cannot read \"" + token + "\"");
        }
      }
      if (date == null && time == null && weekdays.cardinality() == 7) {
        throw new IllegalArgumentException("no date, time or weekday");
      }
      Event dated = withDate(date == null ? "*-*-*" : date, weekdays, zone);
      return dated.withTime(time == null ? "00:00:00" : time);
    }

    private static Event withDate(String date, BitSet weekdays, ZoneId zone) {
      boolean fromEnd = date.contains("~");
      String[] dayAndRest = fromEnd ? date.split("~", -1) : splitLast(date);
      String[] yearMonth = dayAndRest[0].split("-", -1);
      if (dayAndRest.length != 2 || yearMonth.length > 2) {
        throw new IllegalArgumentException("bad date \"" + date + "\"");
      }
      BitSet years = yearMonth.length == 2 ? values(yearMonth[0], 1970, LAST_YEAR, "year") : all(1970, LAST_YEAR);
      BitSet months = values(yearMonth[yearMonth.length - 1], 1, 12, "month");
      BitSet days = fromEnd ? daysFromEnd(dayAndRest[1]) : values(dayAndRest[1], 1, 31, "day");
      return new Event(weekdays, years, months, days, fromEnd, null, null, null, zone);
    }

    private static String[] splitLast(String date) {
      int dash = date.lastIndexOf('-');
      if (dash < 0) {
        throw new IllegalArgumentException("bad date \"" + date + "\"");
      }
      return new String[] {date.substring(0, dash), date.substring(dash + 1)};
    }

    private Event withTime(String time) {
      String[] parts = time.split(":", -1);
      if (parts.length < 2 || parts.length > 3) {
        throw new IllegalArgumentException("bad time \"" + time + "\"");
      }
      String second = parts.length == 3 ? parts[2] : "00";
      if (second.matches("\\d+\\.0*")) {
        second = second.substring(0, second.indexOf('.'));
      }
      return new Event(weekdays, years, months, days, fromEnd, values(parts[0], 0, 23, "hour"),
          values(parts[1], 0, 59, "minute"), values(second, 0, 59, "second"), zone);
    }

    Optional<ZonedDateTime> nextAfter(ZonedDateTime after) {
      ZonedDateTime start = zone == null ? after : after.withZoneSameInstant(zone);
      LocalDateTime from = start.toLocalDateTime().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
      for (LocalDate day = from.toLocalDate(); day.getYear() <= LAST_YEAR; day = day.plusDays(1)) {
        if (!matches(day)) {
          continue;
        }
        LocalTime earliest = day.equals(from.toLocalDate()) ? from.toLocalTime() : LocalTime.MIDNIGHT;
        for (LocalTime t = firstTime(earliest); t != null; t = firstTime(t.plusSeconds(1))) {
          ZonedDateTime at = ZonedDateTime.ofLocal(LocalDateTime.of(day, t), start.getZone(), null);
          if (at.isAfter(after)) {
            return Optional.of(at);
          }
          if (t.equals(LocalTime.MAX.truncatedTo(ChronoUnit.SECONDS))) {
            break;
          }
        }
      }
      return Optional.empty();
    }

    private boolean matches(LocalDate day) {
      if (!years.get(day.getYear()) || !months.get(day.getMonthValue()) || !weekdays.get(day.getDayOfWeek().getValue())) {
        return false;
      }
      int d = fromEnd ? day.lengthOfMonth() - day.getDayOfMonth() + 1 : day.getDayOfMonth();
      return days.get(d);
    }

    /** The first matching time of day at or after {@code t}, or null when none is left in the day. */
    private LocalTime firstTime(LocalTime t) {
      for (int h = hours.nextSetBit(t.getHour()); h >= 0; h = hours.nextSetBit(h + 1)) {
        int m0 = h == t.getHour() ? t.getMinute() : 0;
        for (int m = minutes.nextSetBit(m0); m >= 0; m = minutes.nextSetBit(m + 1)) {
          int s0 = h == t.getHour() && m == t.getMinute() ? t.getSecond() : 0;
          int s = seconds.nextSetBit(s0);
          if (s >= 0) {
            return LocalTime.of(h, m, s);
          }
        }
      }
      return null;
    }
  }

  private static ZoneId parseZone(String name) {
    String canonical = CronSchedule.canonicalZone(name);
    if (!CronSchedule.isValidZone(canonical)) {
      throw new IllegalArgumentException("unknown time zone \"" + name + "\"");
    }
    return ZoneId.of(canonical);
  }

  private static BitSet parseWeekdays(String spec) {
    BitSet set = new BitSet(8);
    for (String item : spec.split(",", -1)) {
      String[] range = item.split("\\.\\.", -1);
      if (range.length > 2) {
        throw new IllegalArgumentException("bad weekday \"" + item + "\"");
      }
      int from = weekday(range[0]);
      int to = range.length == 2 ? weekday(range[1]) : from;
      if (to < from) {
        throw new IllegalArgumentException("bad weekday range \"" + item + "\"");
      }
      set.set(from, to + 1);
    }
    return set;
  }

  private static int weekday(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    for (int i = 0; i < DAY_NAMES.size(); i++) {
      String full = DayOfWeek.of(i + 1).name().toLowerCase(Locale.ROOT);
      if (n.equals(DAY_NAMES.get(i)) || n.equals(full)) {
        return i + 1;
      }
    }
    throw new IllegalArgumentException("bad weekday \"" + name + "\"");
  }

  /** A component: {@code *}, or a comma-separated list of values, ranges {@code a..b} and repetitions {@code a/n}. */
  private static BitSet values(String spec, int min, int max, String what) {
    BitSet set = new BitSet(max + 1);
    for (String item : spec.split(",", -1)) {
      String[] stepped = item.split("/", -1);
      if (stepped.length > 2) {
        throw new IllegalArgumentException("bad " + what + " \"" + item + "\"");
      }
      int step = stepped.length == 2 ? number(stepped[1], 1, max, what) : 0;
      int from;
      int to;
      if (stepped[0].equals("*")) {
        from = min;
        to = max;
        step = Math.max(step, 1);
      } else if (stepped[0].contains("..")) {
        String[] range = stepped[0].split("\\.\\.", -1);
        if (range.length != 2) {
          throw new IllegalArgumentException("bad " + what + " range \"" + item + "\"");
        }
        from = number(range[0], min, max, what);
        to = number(range[1], min, max, what);
        if (to < from) {
          throw new IllegalArgumentException("bad " + what + " range \"" + item + "\"");
        }
        step = Math.max(step, 1);
      } else {
        from = number(stepped[0], min, max, what);
        to = step == 0 ? from : max;
        step = Math.max(step, 1);
      }
      for (int v = from; v <= to; v += step) {
        set.set(v);
      }
    }
    return set;
  }

  /**
   * Days counted from the end of the month after {@code ~}: {@code 1} is the last day, and a repetition
   * runs towards the end, so {@code 07/1} is the last seven days.
   */
  private static BitSet daysFromEnd(String spec) {
    BitSet set = new BitSet(32);
    for (String item : spec.split(",", -1)) {
      String[] stepped = item.split("/", -1);
      if (stepped.length == 2 && !stepped[0].equals("*") && !stepped[0].contains("..")) {
        int step = number(stepped[1], 1, 31, "day");
        for (int k = number(stepped[0], 1, 31, "day"); k >= 1; k -= step) {
          set.set(k);
        }
      } else {
        set.or(values(item, 1, 31, "day"));
      }
    }
    return set;
  }

  private static BitSet all(int min, int max) {
    BitSet set = new BitSet(max + 1);
    set.set(min, max + 1);
    return set;
  }

  private static int number(String s, int min, int max, String what) {
    if (!s.matches("\\d{1,4}")) {
      throw new IllegalArgumentException("bad " + what + " \"" + s + "\"");
    }
    int v = Integer.parseInt(s);
    if (v < min || v > max) {
      throw new IllegalArgumentException(what + " " + v + " is outside " + min + ".." + max);
    }
    return v;
  }
}
