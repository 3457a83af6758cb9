package io.fnpulse.stack.deploy;

import io.fnpulse.testsupport.data.ProjectFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** The reactor as Maven sees it: the modules of the root pom, their artifacts, finalNames and dependencies on each other. */
record MavenModules(List<String> modules, Map<String, Element> poms) {

    static MavenModules read() {
        Element root = pom(ProjectFiles.resolve("pom.xml"));
        List<String> modules = texts(child(root, "modules"), "module");
        Map<String, Element> poms = new LinkedHashMap<>();
        for (String module : modules) {
            poms.put(module, pom(ProjectFiles.resolve(module).resolve("pom.xml")));
        }
        return new MavenModules(modules, poms);
    }

    /** The root pom's version, e.g. 0.1.0-SNAPSHOT. */
    static String projectVersion() {
        return text(pom(ProjectFiles.resolve("pom.xml")), "version");
    }

    /** What {@code -pl module -am} builds: the module and every reactor module it depends on, in any scope. */
    Set<String> alsoMake(String module) {
        Set<String> closure = new LinkedHashSet<>();
        List<String> pending = new ArrayList<>(List.of(module));
        while (!pending.isEmpty()) {
            String next = pending.remove(0);
            if (closure.add(next)) {
                for (Element dependency : children(child(poms.get(next), "dependencies"), "dependency")) {
                    String artifact = text(dependency, "artifactId");
                    poms.forEach((candidate, pom) -> {
                        if (text(pom, "artifactId").equals(artifact)) {
                            pending.add(candidate);
                        }
                    });
                }
            }
        }
        return closure;
    }

    /** The jar a module's package phase writes, e.g. runtime/target/fnpulse-runtime.jar. */
    String jar(String module) {
        Element build = child(poms.get(module), "build");
        String finalName = build == null ? "" : text(build, "finalName");
        if (finalName.isEmpty()) {
            throw new AssertionError(module + "/pom.xml sets no finalName");
        }
        return module + "/target/" + finalName + ".jar";
    }

    private static Element pom(Path file) {
        try {
            return DocumentBuilderFactory.newInstance()
                    .newDocumentBuilder()
                    .parse(file.toFile())
                    .getDocumentElement();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    private static Element child(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        if (parent == null) {
            return found;
        }
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i).getNodeType() == Node.ELEMENT_NODE
                    && nodes.item(i).getNodeName().equals(name)) {
                found.add((Element) nodes.item(i));
            }
        }
        return found;
    }

    private static String text(Element parent, String name) {
        Element child = child(parent, name);
        return child == null ? "" : child.getTextContent().trim();
    }

    private static List<String> texts(Element parent, String name) {
        return children(parent, name).stream()
                .map(element -> element.getTextContent().trim())
                .toList();
    }
}
