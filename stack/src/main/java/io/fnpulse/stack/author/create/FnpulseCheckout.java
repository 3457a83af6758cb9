package io.fnpulse.stack.author.create;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The fnpulse checkout {@code ./fnpulse} runs from: what a new project copies (the Maven wrapper, recorded snapshots)
 * and the versions it builds with (fnpulse's own, JUnit's, the Maven plugins'), read from the root pom.
 */
record FnpulseCheckout(Path root, String version, String junitVersion, Map<String, String> pluginVersions) {

    /** The plugins a project's build runs, from clean to install, pinned to fnpulse's versions. */
    static final List<String> PLUGINS = List.of(
            "maven-clean-plugin",
            "maven-resources-plugin",
            "maven-compiler-plugin",
            "maven-surefire-plugin",
            "maven-jar-plugin",
            "maven-install-plugin",
            "maven-deploy-plugin",
            "maven-site-plugin");

    /** The modules a function project's dependencies come from: what must be in the local Maven repository. */
    static final List<String> MODULES = List.of("api", "service", "runtime", "testkit");

    static FnpulseCheckout at(Path root) {
        Path pom = root.resolve("pom.xml");
        if (!Files.isRegularFile(pom) || !Files.isRegularFile(root.resolve("mvnw"))) {
            throw new IllegalStateException(root + " is not an fnpulse checkout (no pom.xml and mvnw)");
        }
        try {
            Document document =
                    DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
            Element project = document.getDocumentElement();
            Map<String, String> plugins = new LinkedHashMap<>();
            NodeList declared = project.getElementsByTagName("plugin");
            for (int i = 0; i < declared.getLength(); i++) {
                Element plugin = (Element) declared.item(i);
                String artifact = child(plugin, "artifactId");
                String version = child(plugin, "version");
                if (PLUGINS.contains(artifact) && version != null) {
                    plugins.putIfAbsent(artifact, version);
                }
            }
            for (String plugin : PLUGINS) {
                if (!plugins.containsKey(plugin)) {
                    throw new IllegalStateException(pom + " pins no version of " + plugin);
                }
            }
            Element properties =
                    (Element) project.getElementsByTagName("properties").item(0);
            return new FnpulseCheckout(root, child(project, "version"), child(properties, "junit.version"), plugins);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (javax.xml.parsers.ParserConfigurationException | org.xml.sax.SAXException e) {
            throw new IllegalStateException("cannot read " + pom + ": " + e.getMessage(), e);
        }
    }

    /** The checkout the running jar was built in: {@code <root>/stack/target/fnpulse-stack.jar}. */
    static Path ofRunningJar() {
        try {
            Path jar = Path.of(FnpulseCheckout.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            return jar.getParent().getParent().getParent();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first lines of the recorded stream of snapshots. */
    List<String> recordedSnapshots(int count) throws IOException {
        try (var lines = Files.lines(root.resolve("data/metrics-stream.jsonl"))) {
            return lines.filter(line -> !line.isBlank()).limit(count).toList();
        }
    }

    private static String child(Element parent, String name) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(name)) {
                return element.getTextContent().strip();
            }
        }
        return null;
    }

    static String substitute(String template, Map<String, String> values) {
        Matcher matcher = Pattern.compile("\\{\\{(\\w+)}}").matcher(template);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            if (value == null) {
                throw new IllegalStateException("the template names {{" + matcher.group(1) + "}}, which has no value");
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(value));
        }
        return matcher.appendTail(result).toString();
    }
}
