package dev.forgewatch.splunk.app;

import java.util.List;

/** Writes {@link Dashboard}s and the navigation menu as Simple XML. */
public final class SimpleXml {
    public static final String NAV_PATH = "default/data/ui/nav/default.xml";
    private static final String DEFAULT_EARLIEST = "-7d@h";

    private SimpleXml() {
    }

    public static String dashboard(Dashboard dashboard) {
        StringBuilder xml = new StringBuilder();
        // version 1.1 declares the dashboard free of the deprecated jQuery, as Splunk Cloud requires.
        xml.append("<dashboard version=\"1.1\">\n")
                .append("  <label>").append(escape(dashboard.label())).append("</label>\n")
                .append("  <description>").append(escape(dashboard.description())).append("</description>\n")
                .append("  <fieldset submitButton=\"false\">\n")
                .append("    <input type=\"time\" token=\"time\">\n")
                .append("      <label>Time range</label>\n")
                .append("      <default>\n")
                .append("        <earliest>").append(DEFAULT_EARLIEST).append("</earliest>\n")
                .append("        <latest>now</latest>\n")
                .append("      </default>\n")
                .append("    </input>\n")
                .append("  </fieldset>\n");
        for (List<Dashboard.Panel> row : dashboard.rows()) {
            xml.append("  <row>\n");
            row.forEach(panel -> panel(xml, panel));
            xml.append("  </row>\n");
        }
        return xml.append("</dashboard>\n").toString();
    }

    private static void panel(StringBuilder xml, Dashboard.Panel panel) {
        String element = switch (panel.viz()) {
            case TABLE -> "table";
            case SINGLE -> "single";
            default -> "chart";
        };
        xml.append("    <panel>\n")
                .append("      <title>").append(escape(panel.title())).append("</title>\n")
                .append("      <").append(element).append(">\n");
        if (panel.description() != null) {
            xml.append("        <description>").append(escape(panel.description())).append("</description>\n");
        }
        xml.append("        <search>\n")
                // '$' starts a token in Simple XML; a literal one is written '$$'.
                .append("          <query>").append(escape(panel.query().replace("$", "$$"))).append("</query>\n")
                .append("          <earliest>").append(panel.earliest() == null ? "$time.earliest$" : panel.earliest())
                .append("</earliest>\n")
                .append("          <latest>").append(panel.earliest() == null ? "$time.latest$" : "now").append("</latest>\n")
                .append("        </search>\n");
        options(xml, panel.viz());
        xml.append("      </").append(element).append(">\n")
                .append("    </panel>\n");
    }

    private static void options(StringBuilder xml, Dashboard.Viz viz) {
        switch (viz) {
            case COLUMN_STACKED -> {
                option(xml, "charting.chart", "column");
                option(xml, "charting.chart.stackMode", "stacked");
            }
            case LINE -> option(xml, "charting.chart", "line");
            case BAR -> option(xml, "charting.chart", "bar");
            case PIE -> option(xml, "charting.chart", "pie");
            case TABLE -> {
                option(xml, "drilldown", "none");
                option(xml, "count", "20");
            }
            case SINGLE -> option(xml, "drilldown", "none");
        }
    }

    private static void option(StringBuilder xml, String name, String value) {
        xml.append("        <option name=\"").append(name).append("\">").append(escape(value)).append("</option>\n");
    }

    public static String nav(List<Dashboard> dashboards) {
        StringBuilder xml = new StringBuilder("<nav search_view=\"search\">\n");
        for (int i = 0; i < dashboards.size(); i++) {
            xml.append("  <view name=\"").append(escape(dashboards.get(i).id())).append('"')
                    .append(i == 0 ? " default=\"true\"" : "").append(" />\n");
        }
        return xml.append("  <view name=\"search\" />\n")
                .append("  <collection label=\"Detections\">\n")
                .append("    <saved source=\"unclassified\" match=\"ForgeWatch\" />\n")
                .append("  </collection>\n")
                .append("</nav>\n").toString();
    }

    /** The query text of a panel as Splunk runs it: XML entities and '$$' undone. */
    public static String unescapeQuery(String xmlText) {
        return xmlText.replace("$$", "$");
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
