package dev.forgewatch.elastic.testing;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import dev.forgewatch.elastic.embedded.EmbeddedNode;
import dev.forgewatch.elastic.embedded.NodeClasspath;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One real Elasticsearch node for the whole test run: started by the first class that uses this
 * extension, kept in the JUnit root store, stopped when the run ends (and by the child itself when
 * this JVM dies). Injects {@link EsNode} or {@link ElasticsearchClient} into test methods.
 */
public final class EsNodeExtension implements BeforeAllCallback, ParameterResolver {
    private static final int HEAP_MB = 384;

    @Override
    public void beforeAll(ExtensionContext context) {
        node(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == EsNode.class || type == ElasticsearchClient.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        EsNode node = node(context);
        return parameter.getParameter().getType() == EsNode.class ? node : node.client();
    }

    private static EsNode node(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Resource.class, key -> start(), Resource.class).node;
    }

    private static Resource start() {
        try {
            Path target = Path.of("target");
            Files.createDirectories(target);
            Path home = Files.createTempDirectory(target, "es-node-");
            NodeClasspath classpath = NodeClasspath.fromClassLoader(EsNodeExtension.class.getClassLoader());
            return new Resource(new EsNode(EmbeddedNode.start(classpath, home, HEAP_MB)));
        } catch (Exception e) {
            throw new ParameterResolutionException("cannot start the test Elasticsearch node: " + e.getMessage(), e);
        }
    }

    /** Closed by JUnit when the root context closes, i.e. at the end of the run. */
    private record Resource(EsNode node) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() throws Throwable {
            node.close();
        }
    }
}
