package dev.accel.jmh.report;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.CategoryDataset;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;
import org.jfree.svg.SVGGraphics2D;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.geom.Rectangle2D;
import java.text.DecimalFormat;
import java.util.List;
import java.util.Optional;

/**
 * Draws a group's chart with JFreeChart and writes it as SVG (JFreeSVG). With anchors: one horizontal bar per
 * row and anchor, the ratio of Accel to the anchor on a logarithmic axis with the line at 1 (right of it,
 * Accel does better), error bars from {@link Measured#ratio}. Without anchors: Accel's values on a linear axis.
 */
final class Charts {
    static final int WIDTH = 820;
    /** Ratios spanning at most this factor are drawn on a linear axis from 0, wider spans on a log axis. */
    static final double LINEAR_UP_TO = 20;
    private static final Paint[] SERIES = {new Color(0x2f6db5), new Color(0xd9822b), new Color(0x3a9e55),
            new Color(0x8e5ab5), new Color(0xb53a3a)};
    private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    private Charts() {
    }

    /** Whether the group's chart shows ratios (it has at least one measured anchor). */
    static boolean showsRatios(GroupTable table) {
        return table.rows().stream().anyMatch(r -> r.ratios().stream().anyMatch(Optional::isPresent));
    }

    /** The chart as an SVG document; empty when the table has no rows. */
    static Optional<String> svg(GroupTable table) {
        if (table.rows().isEmpty()) {
            return Optional.empty();
        }
        int height = height(table);
        SVGGraphics2D g = new SVGGraphics2D(WIDTH, height);
        g.setDefsKeyPrefix("accel-" + table.group().id() + "-"); // fixed ids: regenerating gives the same file
        chart(table).draw(g, new Rectangle2D.Double(0, 0, WIDTH, height));
        return Optional.of(g.getSVGDocument());
    }

    /** The chart's height in pixels for {@link #WIDTH}: room for every bar. */
    static int height(GroupTable table) {
        int bars = table.rows().size() * Math.max(1, showsRatios(table) ? measuredAnchors(table).size() : 1);
        return 110 + 22 * bars + 14 * table.rows().size();
    }

    /** The group's chart (the table must have rows). */
    static JFreeChart chart(GroupTable table) {
        return showsRatios(table) ? ratioChart(table) : valueChart(table);
    }

    private static List<Integer> measuredAnchors(GroupTable table) {
        return java.util.stream.IntStream.range(0, table.group().anchors().size())
                .filter(table::anchorMeasured).boxed().toList();
    }

    private static JFreeChart ratioChart(GroupTable table) {
        DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
        double min = 1;
        double max = 1;
        for (int a : measuredAnchors(table)) {
            String series = "vs " + table.group().anchors().get(a).label();
            for (GroupTable.Row row : table.rows()) {
                Optional<Measured> ratio = row.ratios().get(a);
                // A missing ratio still needs its category cell, or JFreeChart shifts the bars.
                Number mean = ratio.map(Measured::value).orElse(null);
                Number error = ratio.filter(Measured::hasError).map(Measured::error).orElse(null);
                data.add(mean, error, series, row.label());
                if (ratio.isPresent()) {
                    Measured r = ratio.get();
                    double err = r.hasError() ? r.error() : 0;
                    min = Math.min(min, Math.max(r.value() - err, r.value() / 2));
                    max = Math.max(max, r.value() + err);
                }
            }
        }
        String label = "Accel ÷ anchor (speed; right of the line at 1: Accel does better)";
        ValueAxis axis;
        if (max / min <= LINEAR_UP_TO) {
            NumberAxis linear = new NumberAxis(label);
            linear.setRange(0, max * 1.15);
            axis = linear;
        } else {
            LogAxis log = new LogAxis(label + ", log scale");
            log.setBase(10);
            log.setSmallestValue(1e-9);
            log.setTickUnit(new NumberTickUnit(1)); // one tick per decade
            log.setNumberFormatOverride(new DecimalFormat("0.#####"));
            log.setRange(min / 2, max * 3);
            axis = log;
        }
        JFreeChart chart = chart(table, data, axis);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.addRangeMarker(new ValueMarker(1.0, Color.BLACK, new BasicStroke(1.5f)));
        labels((StatisticalBarRenderer) plot.getRenderer(), "×");
        return chart;
    }

    private static JFreeChart valueChart(GroupTable table) {
        DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
        String unit = table.rows().getFirst().quantity().unit();
        for (GroupTable.Row row : table.rows()) {
            data.add((Number) row.accel().value(), row.accel().hasError() ? (Number) row.accel().error() : null,
                    table.group().accelLabel(), row.label());
        }
        NumberAxis axis = new NumberAxis(table.group().accelLabel() + " (" + unit + ")");
        axis.setAutoRangeIncludesZero(true);
        JFreeChart chart = chart(table, data, axis);
        labels((StatisticalBarRenderer) chart.getCategoryPlot().getRenderer(), " " + unit);
        return chart;
    }

    /** Each bar labelled at its end with its value (three significant digits) and {@code suffix}. */
    private static void labels(StatisticalBarRenderer renderer, String suffix) {
        renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator() {
            @Override
            public String generateLabel(CategoryDataset dataset, int row, int column) {
                Number v = dataset.getValue(row, column);
                return v == null ? "not measured" : Format.significant(v.doubleValue(), 3) + suffix;
            }
        });
        renderer.setDefaultItemLabelsVisible(true);
        renderer.setDefaultPositiveItemLabelPosition(new ItemLabelPosition(ItemLabelAnchor.OUTSIDE3,
                TextAnchor.CENTER_LEFT));
    }

    private static JFreeChart chart(GroupTable table, DefaultStatisticalCategoryDataset data, ValueAxis axis) {
        CategoryAxis categories = new CategoryAxis();
        categories.setTickLabelFont(FONT);
        categories.setMaximumCategoryLabelWidthRatio(0.45f);
        axis.setTickLabelFont(FONT);
        axis.setLabelFont(FONT);
        StatisticalBarRenderer renderer = new StatisticalBarRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setErrorIndicatorPaint(Color.DARK_GRAY);
        renderer.setDrawBarOutline(false);
        renderer.setItemMargin(0.05);
        renderer.setDefaultItemLabelFont(FONT.deriveFont(10f));
        for (int i = 0; i < SERIES.length; i++) {
            renderer.setSeriesPaint(i, SERIES[i]);
        }
        CategoryPlot plot = new CategoryPlot(data, categories, axis, renderer);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xcccccc));
        plot.setRangeGridlinesVisible(true);
        JFreeChart chart = new JFreeChart(null, FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setTitle(new TextTitle(table.group().title(), FONT.deriveFont(Font.BOLD, 14f)));
        chart.setAntiAlias(true);
        return chart;
    }
}
