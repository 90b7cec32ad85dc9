package dev.tollgate.k8scheck;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.fabric8.kubernetes.schema.validator.Validator;
import io.strimzi.api.kafka.model.connect.KafkaConnect;
import io.strimzi.api.kafka.model.connector.KafkaConnector;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates one Kubernetes object, offline, against the schema of its kind; unknown fields and wrong types
 * are errors, and so is a kind this validator has no schema for (a new kind needs its schema first).
 *
 * <ul>
 *   <li>Kubernetes kinds: the Kubernetes OpenAPI definitions bundled in fabric8's kubernetes-model-validator.</li>
 *   <li>Strimzi kinds: Strimzi's own Java model of its custom resources (io.strimzi:api, from which Strimzi generates
 *       its CRD schemas). Jackson rejects wrong types and unknown enum values; the model keeps unknown fields
 *       aside instead of failing, so they are collected and reported.</li>
 *   <li>CloudNativePG kinds: the JSON Schemas in k8s/schemas/postgresql.cnpg.io (no Maven or npm artifact ships
 *       its CRDs), checked with the networknt validator.</li>
 * </ul>
 */
final class ManifestValidator {

    /** The Kubernetes kinds Tollgate uses; the bundled definitions would accept any other kind without a check. */
    private static final Set<String> KUBERNETES_KINDS = Set.of(
            "v1/Namespace", "v1/ConfigMap", "v1/Secret", "v1/Service", "v1/ServiceAccount",
            "apps/v1/Deployment", "apps/v1/StatefulSet", "policy/v1/PodDisruptionBudget", "autoscaling/v2/HorizontalPodAutoscaler",
            "networking.k8s.io/v1/NetworkPolicy", "networking.k8s.io/v1/Ingress",
            "rbac.authorization.k8s.io/v1/Role", "rbac.authorization.k8s.io/v1/RoleBinding");

    private static final Map<String, Class<?>> STRIMZI_KINDS = Map.of(
            "kafka.strimzi.io/v1beta2/Kafka", Kafka.class,
            "kafka.strimzi.io/v1beta2/KafkaNodePool", KafkaNodePool.class,
            "kafka.strimzi.io/v1beta2/KafkaTopic", KafkaTopic.class,
            "kafka.strimzi.io/v1beta2/KafkaUser", KafkaUser.class,
            "kafka.strimzi.io/v1beta2/KafkaConnect", KafkaConnect.class,
            "kafka.strimzi.io/v1beta2/KafkaConnector", KafkaConnector.class);

    /** Fields of the kinds above whose type is IntOrString (a count or a percentage). */
    private static final List<String> INT_OR_STRING_FIELDS = List.of("maxSurge", "maxUnavailable", "minAvailable");

    private static final String CNPG_API_VERSION = "postgresql.cnpg.io/v1";

    private final Validator kubernetes = Validator.newInstance();
    private final ObjectMapper strimziMapper = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final Path cnpgSchemas;
    private final JsonSchemaFactory schemaFactory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    ManifestValidator(Path schemasDirectory) {
        this.cnpgSchemas = schemasDirectory.resolve("postgresql.cnpg.io").resolve("v1");
    }

    /** The problems of one object, each prefixed with the object's kind and name; empty when it is valid. */
    List<String> problems(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText();
        String kind = object.path("kind").asText();
        String where = kind + "/" + object.path("metadata").path("name").asText("<no name>") + ": ";
        String type = apiVersion + "/" + kind;
        List<String> found = new ArrayList<>();
        if (KUBERNETES_KINDS.contains(type)) {
            kubernetes.validate(intOrStringAsText(object)).getMessages().forEach(message -> found.add(message.getMessage()));
        } else if (STRIMZI_KINDS.containsKey(type)) {
            found.addAll(strimziProblems(object, STRIMZI_KINDS.get(type)));
        } else if (apiVersion.equals(CNPG_API_VERSION) && Files.exists(cnpgSchema(kind))) {
            found.addAll(cnpgProblems(object, kind));
        } else {
            found.add("no schema for " + type + ": add one to the k8s-check module before using this kind");
        }
        return found.stream().map(problem -> where + problem).toList();
    }

    /**
     * The bundled definitions type IntOrString fields as strings only, while the API server takes a number or a
     * string: present the numbers of those fields as text, so that only real type errors remain.
     */
    private static JsonNode intOrStringAsText(JsonNode object) {
        JsonNode copy = object.deepCopy();
        convertIntOrString(copy);
        return copy;
    }

    private static void convertIntOrString(JsonNode node) {
        if (node instanceof ObjectNode fields) {
            for (String name : INT_OR_STRING_FIELDS) {
                if (fields.path(name).isIntegralNumber()) {
                    fields.put(name, fields.path(name).asText());
                }
            }
            fields.elements().forEachRemaining(ManifestValidator::convertIntOrString);
        } else if (node != null && node.isArray()) {
            node.elements().forEachRemaining(ManifestValidator::convertIntOrString);
        }
    }

    private List<String> strimziProblems(JsonNode object, Class<?> model) {
        Object resource;
        try {
            resource = strimziMapper.treeToValue(object, model);
        } catch (IOException e) {
            return List.of(firstLine(String.valueOf(e.getMessage())));
        }
        List<String> unknown = new ArrayList<>();
        collectUnknownFields(resource, "", unknown, Collections.newSetFromMap(new IdentityHashMap<>()));
        return unknown;
    }

    /** Walks the model's getters; every non-empty {@code additionalProperties} is a field the model does not know. */
    private static void collectUnknownFields(Object node, String path, List<String> unknown, Set<Object> seen) {
        if (node == null || !seen.add(node)) {
            return;
        }
        if (node instanceof Collection<?> items) {
            int index = 0;
            for (Object item : items) {
                collectUnknownFields(item, path + "[" + index++ + "]", unknown, seen);
            }
            return;
        }
        String packageName = node.getClass().getPackageName();
        if (!packageName.startsWith("io.strimzi") && !packageName.startsWith("io.fabric8")) {
            return; // free-form values (Kafka config maps, connector config): not the model's to check
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(node);
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue;
            }
            String field = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
            if (field.equals("additionalProperties") && value instanceof Map<?, ?> extra) {
                extra.keySet().forEach(key -> unknown.add("unknown field " + path + "." + key));
            } else if (value != null && !(value instanceof Map<?, ?>)) {
                collectUnknownFields(value, path + "." + field, unknown, seen);
            }
        }
    }

    private List<String> cnpgProblems(JsonNode object, String kind) {
        JsonSchema schema;
        try (InputStream in = Files.newInputStream(cnpgSchema(kind))) {
            schema = schemaFactory.getSchema(in);
        } catch (IOException e) {
            return List.of("cannot read " + cnpgSchema(kind) + ": " + e.getMessage());
        }
        return schema.validate(object).stream().map(ValidationMessage::getMessage).toList();
    }

    private Path cnpgSchema(String kind) {
        return cnpgSchemas.resolve(kind + ".schema.json");
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }
}
