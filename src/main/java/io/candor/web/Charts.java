package io.candor.web;

import io.candor.summary.SummaryService;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Geometry for the server-rendered SVG charts: the templates only place what is computed here, so the
 * pages need neither a script nor inline styles to draw a chart.
 */
public final class Charts {

    private Charts() {
    }

    /** A 1..5 histogram as horizontal bars, five stars first. */
    public record Histogram(List<Bar> bars, String description) {

        public record Bar(int stars, int count, int width, int y, int textY) {
        }
    }

    static final int HISTOGRAM_BAR_WIDTH = 160;
    static final int HISTOGRAM_ROW = 22;

    public static Histogram histogram(Map<String, Integer> counts) {
        int total = 0;
        for (int stars = 1; stars <= 5; stars++) {
            total += counts.getOrDefault(Integer.toString(stars), 0);
        }
        List<Histogram.Bar> bars = new ArrayList<>(5);
        StringBuilder description = new StringBuilder();
        for (int stars = 5; stars >= 1; stars--) {
            int count = counts.getOrDefault(Integer.toString(stars), 0);
            int percent = total == 0 ? 0 : Math.round(count * 100f / total);
            int row = 5 - stars;
            bars.add(new Histogram.Bar(stars, count, total == 0 ? 0 : Math.round(count * (float) HISTOGRAM_BAR_WIDTH / total),
                    row * HISTOGRAM_ROW + 4, row * HISTOGRAM_ROW + 17));
            description.append(stars).append(stars == 1 ? " star: " : " stars: ").append(count).append(" (").append(percent).append("%)")
                    .append(stars > 1 ? "; " : ".");
        }
        return new Histogram(bars, description.toString());
    }

    /** Twelve months of reviews: bars for how many arrived, dots joined by a line for their mean (1..5). */
    public record Trend(List<Month> months, String averageLine, List<Tick> countTicks, List<Tick> averageTicks, String description) {

        public record Month(String label, String month, int count, String average, int x, int barX, int barY, int barHeight, Integer dotY) {
        }

        public record Tick(String label, int y) {
        }
    }

    static final int PLOT_LEFT = 44;
    static final int PLOT_TOP = 16;
    static final int PLOT_HEIGHT = 170;
    static final int COLUMN = 46;
    static final int BAR = 26;

    public static Trend trend(List<SummaryService.MonthPoint> points) {
        int max = 1;
        for (SummaryService.MonthPoint p : points) {
            max = Math.max(max, p.count());
        }
        int scale = niceCeiling(max);
        List<Trend.Month> months = new ArrayList<>(points.size());
        StringBuilder line = new StringBuilder();
        StringBuilder description = new StringBuilder();
        for (int i = 0; i < points.size(); i++) {
            SummaryService.MonthPoint p = points.get(i);
            int x = PLOT_LEFT + i * COLUMN;
            int height = Math.round(p.count() * (float) PLOT_HEIGHT / scale);
            Integer dotY = p.average() == null ? null : PLOT_TOP + Math.round((float) ((5 - p.average()) / 4 * PLOT_HEIGHT));
            if (dotY != null) {
                line.append(line.isEmpty() ? "" : " ").append(x + COLUMN / 2).append(',').append(dotY);
            }
            String label = monthLabel(p.month());
            String average = p.average() == null ? "no average" : String.format(Locale.ROOT, "%.1f", p.average());
            months.add(new Trend.Month(label, p.month(), p.count(), average, x + COLUMN / 2, x + (COLUMN - BAR) / 2,
                    PLOT_TOP + PLOT_HEIGHT - height, height, dotY));
            description.append(p.month()).append(": ").append(p.count()).append(p.count() == 1 ? " review" : " reviews")
                    .append(p.average() == null ? "" : ", average " + average).append(i < points.size() - 1 ? "; " : ".");
        }
        List<Trend.Tick> countTicks = List.of(new Trend.Tick("0", PLOT_TOP + PLOT_HEIGHT), new Trend.Tick(Integer.toString(scale / 2), PLOT_TOP + PLOT_HEIGHT / 2),
                new Trend.Tick(Integer.toString(scale), PLOT_TOP));
        List<Trend.Tick> averageTicks = new ArrayList<>();
        for (int stars = 1; stars <= 5; stars++) {
            averageTicks.add(new Trend.Tick(stars + "★", PLOT_TOP + Math.round((5 - stars) / 4f * PLOT_HEIGHT)));
        }
        return new Trend(months, line.toString(), countTicks, averageTicks, description.toString());
    }

    /**
     * The share of each star rating's reviews that moderators removed, one bar per rating: the chart that shows whether
     * low ratings are removed more often than high ones. A rating without reviews in the period has no bar.
     */
    public record RemovalRates(List<Rate> rates, List<Tick> ticks, String description) {

        public record Rate(int stars, String percent, boolean measured, int x, int barX, int barY, int barHeight, int valueY) {
        }

        public record Tick(String label, int y) {
        }
    }

    static final int RATES_LEFT = 56;
    static final int RATES_TOP = 24;
    static final int RATES_HEIGHT = 150;
    static final int RATES_COLUMN = 84;
    static final int RATES_BAR = 44;

    public static RemovalRates removalRates(Map<String, Double> rates) {
        double highest = 0;
        for (Double rate : rates.values()) {
            if (rate != null) {
                highest = Math.max(highest, rate * 100);
            }
        }
        int top = percentCeiling(highest);
        List<RemovalRates.Rate> bars = new ArrayList<>(5);
        StringBuilder description = new StringBuilder("Share of reviews removed by moderators, by star rating: ");
        for (int stars = 1; stars <= 5; stars++) {
            Double rate = rates.get(Integer.toString(stars));
            int x = RATES_LEFT + (stars - 1) * RATES_COLUMN;
            int height = rate == null ? 0 : (int) Math.round(rate * 100 * RATES_HEIGHT / top);
            String percent = rate == null ? "no reviews" : String.format(Locale.ROOT, "%.1f%%", rate * 100);
            int barY = RATES_TOP + RATES_HEIGHT - height;
            bars.add(new RemovalRates.Rate(stars, percent, rate != null, x + RATES_COLUMN / 2, x + (RATES_COLUMN - RATES_BAR) / 2, barY, height,
                    barY - 6));
            description.append(stars).append(stars == 1 ? " star " : " stars ").append(percent).append(stars < 5 ? "; " : ".");
        }
        List<RemovalRates.Tick> ticks = List.of(new RemovalRates.Tick("0%", RATES_TOP + RATES_HEIGHT),
                new RemovalRates.Tick(trimmed(top / 2.0) + "%", RATES_TOP + RATES_HEIGHT / 2), new RemovalRates.Tick(top + "%", RATES_TOP));
        return new RemovalRates(bars, ticks, description.toString());
    }

    /** 2, 4, 10, 20, 40, 100: the smallest top for the percent axis that holds the highest rate, never above 100. */
    static int percentCeiling(double highest) {
        for (int top : new int[]{2, 4, 10, 20, 40, 100}) {
            if (highest <= top) {
                return top;
            }
        }
        return 100;
    }

    private static String trimmed(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }

    /** 2, 4, 6, 10, 20, 40, 60, 100 …: an even top for the count axis whose half is a whole number. */
    static int niceCeiling(int max) {
        int magnitude = 1;
        while (true) {
            for (int step : new int[]{2, 4, 6, 10}) {
                if (step * magnitude >= max) {
                    return step * magnitude;
                }
            }
            magnitude *= 10;
        }
    }

    private static String monthLabel(String yearMonth) {
        String[] names = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
        return names[Integer.parseInt(yearMonth.substring(5, 7)) - 1];
    }
}
