package io.candor.web;

import io.candor.summary.SummaryService;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ChartsTest {

    @Test
    void histogramBarsAreProportionalAndDescribedInWords() {
        Charts.Histogram h = Charts.histogram(Map.of("5", 6, "4", 0, "3", 1, "2", 3, "1", 0));
        assertEquals(List.of(5, 4, 3, 2, 1), h.bars().stream().map(Charts.Histogram.Bar::stars).toList());
        assertEquals(List.of(96, 0, 16, 48, 0), h.bars().stream().map(Charts.Histogram.Bar::width).toList());
        assertEquals("5 stars: 6 (60%); 4 stars: 0 (0%); 3 stars: 1 (10%); 2 stars: 3 (30%); 1 star: 0 (0%).", h.description());
        assertEquals(List.of(0, 0, 0, 0, 0), Charts.histogram(Map.of()).bars().stream().map(Charts.Histogram.Bar::width).toList());
    }

    @Test
    void trendScalesBarsToAnEvenTopAndSkipsMonthsWithoutAnAverage() {
        List<SummaryService.MonthPoint> points = new ArrayList<>();
        for (int m = 1; m <= 12; m++) {
            points.add(new SummaryService.MonthPoint(String.format("2026-%02d", m), m == 12 ? 7 : m == 6 ? 2 : 0, m == 12 ? Double.valueOf(5) : m == 6 ? Double.valueOf(1) : null));
        }
        Charts.Trend t = Charts.trend(points);
        assertEquals("10", t.countTicks().get(2).label(), "7 reviews at most: the axis ends at 10");
        Charts.Trend.Month december = t.months().get(11);
        assertEquals("Dec", december.label());
        assertEquals(Math.round(7 * 170f / 10), december.barHeight());
        assertEquals(16, december.dotY(), "5 stars is the top of the plot");
        assertEquals(186, t.months().get(5).dotY(), "1 star is its bottom");
        assertNull(t.months().get(0).dotY());
        assertEquals((44 + 5 * 46 + 23) + ",186 " + (44 + 11 * 46 + 23) + ",16", t.averageLine());
        assertEquals(List.of(2, 4, 6, 10, 20, 40, 100), List.of(1, 3, 5, 7, 11, 40, 61).stream().map(Charts::niceCeiling).toList());
    }

    @Test
    void removalRatesAreBarsOnAPercentAxisAndAnUnmeasuredRatingHasNone() {
        java.util.Map<String, Double> rates = new java.util.HashMap<>(Map.of("1", 0.05, "2", 0.0, "4", 0.025, "5", 0.01));
        rates.put("3", null);
        Charts.RemovalRates r = Charts.removalRates(rates);
        assertEquals("10%", r.ticks().get(2).label(), "5% at most: the axis ends at 10%");
        assertEquals("5%", r.ticks().get(1).label());
        assertEquals(List.of(75, 0, 0, 38, 15), r.rates().stream().map(Charts.RemovalRates.Rate::barHeight).toList());
        assertEquals(List.of(true, true, false, true, true), r.rates().stream().map(Charts.RemovalRates.Rate::measured).toList());
        assertEquals(List.of("5.0%", "0.0%", "no reviews", "2.5%", "1.0%"), r.rates().stream().map(Charts.RemovalRates.Rate::percent).toList());
        assertEquals("Share of reviews removed by moderators, by star rating: 1 star 5.0%; 2 stars 0.0%; 3 stars no reviews; 4 stars 2.5%; 5 stars 1.0%.",
                r.description());
        assertEquals(List.of(2, 4, 10, 100), List.of(0.0, 3.0, 5.0, 100.0).stream().map(Charts::percentCeiling).toList());
    }
}
