package dev.forgewatch.splunk.appinspect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forgewatch.common.json.Json;
import dev.forgewatch.splunk.app.AppTree;
import dev.forgewatch.splunk.app.SimpleXml;
import dev.forgewatch.splunk.conf.Problem;
import dev.forgewatch.splunk.spl.SplChecker;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Views and navigation: well-formed XML (parsed with DTDs and external entities refused), a known
 * root element, Dashboard Studio definitions that are JSON, and every panel search valid SPL that
 * starts from the app's macros rather than an index and uses only lookups the app ships.
 */
final class DashboardsCheck implements AppCheck {
    private static final Set<String> SIMPLE_XML_ROOTS = Set.of("dashboard", "form");
    private static final String VIEWS = "default/data/ui/views/";
    private static final String NAV = "default/data/ui/nav/";
    private static final Set<String> VIEW_ROOTS = Set.of("dashboard", "form", "view");

    @Override
    public String name() {
        return "dashboards and navigation";
    }

    @Override
    public List<Problem> run(AppTree app) {
        List<Problem> problems = new ArrayList<>();
        SplChecker checker = new SplChecker(AppFiles.macros(app));
        LookupReferences lookups = new LookupReferences(app);
        app.files().filter(e -> e.relativePath().startsWith("default/data/ui/")).forEach(entry -> {
            String path = entry.relativePath();
            if (!path.endsWith(".xml")) {
                return;
            }
            Document document;
            try {
                document = parser().parse(new ByteArrayInputStream(entry.content()));
            } catch (SAXParseException e) {
                problems.add(new Problem(path, e.getLineNumber(), "check_dashboard_xml_well_formed", e.getMessage()));
                return;
            } catch (SAXException | IOException | ParserConfigurationException e) {
                problems.add(new Problem(path, 0, "check_dashboard_xml_well_formed", e.getMessage()));
                return;
            }
            Element root = document.getDocumentElement();
            if (path.startsWith(NAV)) {
                if (!root.getTagName().equals("nav")) {
                    problems.add(new Problem(path, 0, "check_nav_xml", "the root element must be <nav>"));
                }
            } else if (path.startsWith(VIEWS)) {
                if (!VIEW_ROOTS.contains(root.getTagName())) {
                    problems.add(new Problem(path, 0, "check_dashboard_xml_root", "root <" + root.getTagName()
                            + "> is not a dashboard, form or view"));
                }
                // Splunk Cloud vetting (AppInspect check_simplexml_standards_version, tag cloud): Simple XML
                // dashboards declare version="1.1", the jQuery 3.5 standard
                if (SIMPLE_XML_ROOTS.contains(root.getTagName()) && !root.getAttribute("version").equals("1.1")) {
                    problems.add(new Problem(path, 0, "check_simplexml_standards_version",
                            "<" + root.getTagName() + "> must declare version=\"1.1\""));
                }
                for (String query : queries(root, path, problems)) {
                    SplChecker.Result checked = checker.check(query);
                    checked.problems().forEach(p -> problems.add(new Problem(path, 0, "check_dashboard_search_spl", p)));
                    lookups.check(checked).forEach(p -> problems.add(new Problem(path, 0, "check_lookup_reference", p)));
                    if (SearchesCheck.hardCodesIndex(query)) {
                        problems.add(new Problem(path, 0, "check_no_hardcoded_index",
                                "a panel search names an index; start from the app's macros instead"));
                    }
                }
            }
        });
        return problems;
    }

    /** Simple XML {@code <query>} texts, or the queries of a Dashboard Studio JSON definition. */
    private static List<String> queries(Element root, String path, List<Problem> problems) {
        List<String> queries = new ArrayList<>();
        NodeList elements = root.getElementsByTagName("query");
        for (int i = 0; i < elements.getLength(); i++) {
            queries.add(SimpleXml.unescapeQuery(elements.item(i).getTextContent()));
        }
        NodeList definitions = root.getElementsByTagName("definition");
        for (int i = 0; i < definitions.getLength(); i++) {
            try {
                JsonNode definition = Json.MAPPER.readTree(definitions.item(i).getTextContent());
                definition.path("dataSources").forEach(source -> {
                    if (source.path("options").has("query")) {
                        queries.add(source.path("options").path("query").asText());
                    }
                });
            } catch (IOException e) {
                problems.add(new Problem(path, 0, "check_dashboard_studio_json", "the <definition> is not valid JSON"));
            }
        }
        return queries;
    }

    private static DocumentBuilder parser() throws ParserConfigurationException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        DocumentBuilder builder = factory.newDocumentBuilder();
        builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler() {
            @Override
            public void error(SAXParseException e) throws SAXParseException {
                throw e; // reported as a problem, not printed
            }
        });
        return builder;
    }
}
