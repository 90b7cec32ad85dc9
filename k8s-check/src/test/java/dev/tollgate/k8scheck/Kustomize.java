package dev.tollgate.k8scheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Renders a Kustomize directory with {@code kubectl kustomize} (offline) and splits the output into objects. */
final class Kustomize {

    private static final ObjectMapper YAML = new YAMLMapper();

    private static final Map<Path, List<JsonNode>> RENDERED = new ConcurrentHashMap<>();

    /** The objects of one overlay, rendered once per test run (callers get copies they may change). */
    static List<JsonNode> render(Path directory) throws IOException, InterruptedException {
        List<JsonNode> objects = RENDERED.get(directory);
        if (objects == null) {
            objects = renderNow(directory);
            RENDERED.put(directory, objects);
        }
        return objects.stream().<JsonNode>map(JsonNode::deepCopy).toList();
    }

    private static List<JsonNode> renderNow(Path directory) throws IOException, InterruptedException {
        Path output = Files.createTempFile("kustomize", ".yaml");
        try {
            Process process = new ProcessBuilder("kubectl", "kustomize", directory.toString())
                    .redirectErrorStream(false)
                    .redirectOutput(output.toFile())
                    .start();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("kubectl kustomize " + directory + " did not finish in 2 minutes");
            }
            String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("kubectl kustomize " + directory + " failed: " + errors);
            }
            return documents(Files.readString(output));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** Every non-empty YAML document of a multi-document stream. */
    static List<JsonNode> documents(String yaml) throws IOException {
        List<JsonNode> objects = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(yaml)) {
            var iterator = YAML.readValues(parser, JsonNode.class);
            while (iterator.hasNext()) {
                JsonNode object = iterator.next();
                if (object != null && !object.isNull() && !object.isEmpty()) {
                    objects.add(object);
                }
            }
        }
        return objects;
    }

    private Kustomize() {
    }
}
