package dev.forgewatch.samples.sim;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * The simulated period: day 0 is {@code start}; the tenant works Monday to Friday in its own time
 * zone (US Eastern), and the clock of every record is UTC.
 */
public record SampleCalendar(LocalDate start, int days, ZoneId zone) {
    /** Storm-0558's forged-token access began on 15 May 2023 (Microsoft, 14 July 2023). */
    public static final LocalDate DEFAULT_START = LocalDate.of(2023, 5, 15);
    public static final ZoneId TENANT_ZONE = ZoneId.of("America/New_York");

    public static SampleCalendar of(int days) {
        return new SampleCalendar(DEFAULT_START, days, TENANT_ZONE);
    }

    public LocalDate date(int day) {
        return start.plusDays(day);
    }

    public boolean workday(int day) {
        DayOfWeek weekday = date(day).getDayOfWeek();
        return weekday != DayOfWeek.SATURDAY && weekday != DayOfWeek.SUNDAY;
    }

    /** A local wall-clock time of the tenant on that day, plus an offset in seconds. */
    public Instant at(int day, LocalTime local, long plusSeconds) {
        return date(day).atTime(local).atZone(zone).toInstant().plusSeconds(plusSeconds);
    }

    /** A UTC time on that day, plus an offset in seconds. */
    public Instant atUtc(int day, LocalTime utc, long plusSeconds) {
        return date(day).atTime(utc).atZone(ZoneId.of("UTC")).toInstant().plusSeconds(plusSeconds);
    }
}
