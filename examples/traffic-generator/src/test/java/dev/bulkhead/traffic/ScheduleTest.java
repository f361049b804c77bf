package dev.bulkhead.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ScheduleTest {

    private static final TenantRates RATES = TenantRates.zipf(
            IntStream.rangeClosed(1, 50).mapToObj(i -> "tenant-" + i).toList(), 40, 1.2, 0.05, 3);

    @Test
    void sameSeedGivesTheSameSchedule() {
        assertThat(first(1_000, new Schedule(RATES, 9))).isEqualTo(first(1_000, new Schedule(RATES, 9)));
    }

    @Test
    void anotherSeedGivesAnotherSchedule() {
        assertThat(first(1_000, new Schedule(RATES, 9))).isNotEqualTo(first(1_000, new Schedule(RATES, 10)));
    }

    @Test
    void arrivalsMoveForward() {
        List<Schedule.Arrival> arrivals = first(10_000, new Schedule(RATES, 9));
        for (int i = 1; i < arrivals.size(); i++) {
            assertThat(arrivals.get(i).atNanos()).isGreaterThanOrEqualTo(arrivals.get(i - 1).atNanos());
        }
    }

    private static List<Schedule.Arrival> first(int n, Schedule schedule) {
        List<Schedule.Arrival> arrivals = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            arrivals.add(schedule.next());
        }
        return arrivals;
    }
}
