package dev.tollgate.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** One scrape of a service's {@code /q/metrics} (Prometheus text format), parsed into samples. */
final class PrometheusScrape {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples;

    private PrometheusScrape(List<Sample> samples) {
        this.samples = samples;
    }

    static PrometheusScrape of(String serviceUrl) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(serviceUrl + "/q/metrics"))
                    .header("Accept", "text/plain").build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(serviceUrl + "/q/metrics answered " + response.statusCode());
            }
            return parse(response.body());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("cannot scrape " + serviceUrl, e);
        }
    }

    static PrometheusScrape parse(String exposition) {
        List<Sample> samples = new ArrayList<>();
        for (String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int at = 0;
            while (at < line.length() && line.charAt(at) != '{' && line.charAt(at) != ' ') {
                at++;
            }
            String name = line.substring(0, at);
            Map<String, String> labels = new LinkedHashMap<>();
            if (at < line.length() && line.charAt(at) == '{') {
                at++;
                while (line.charAt(at) != '}') {
                    int equals = line.indexOf('=', at);
                    String label = line.substring(at, equals).trim();
                    StringBuilder value = new StringBuilder();
                    int i = equals + 2; // past ="
                    for (; line.charAt(i) != '"'; i++) {
                        char c = line.charAt(i);
                        if (c == '\\') {
                            i++;
                            c = line.charAt(i) == 'n' ? '\n' : line.charAt(i);
                        }
                        value.append(c);
                    }
                    labels.put(label, value.toString());
                    at = i + 1;
                    if (line.charAt(at) == ',') {
                        at++;
                    }
                }
                at++;
            }
            String rest = line.substring(at).trim();
            String number = rest.split("\\s+")[0];
            samples.add(new Sample(name, labels, Double.parseDouble(number)));
        }
        return new PrometheusScrape(samples);
    }

    /** Every series name exposed (histogram series with their {@code _bucket}, {@code _count}, {@code _sum} suffixes). */
    Set<String> names() {
        Set<String> names = new TreeSet<>();
        samples.forEach(sample -> names.add(sample.name()));
        return names;
    }

    /** Every label value of every sample. */
    Set<String> labelValues() {
        Set<String> values = new TreeSet<>();
        samples.forEach(sample -> values.addAll(sample.labels().values()));
        return values;
    }

    /** The sum of the samples of {@code name} whose labels include {@code labelPairs} (name, value, name, value ...). */
    double sum(String name, String... labelPairs) {
        double sum = 0;
        for (Sample sample : samples) {
            if (sample.name().equals(name) && matches(sample.labels(), labelPairs)) {
                sum += sample.value();
            }
        }
        return sum;
    }

    private static boolean matches(Map<String, String> labels, String... labelPairs) {
        for (int i = 0; i < labelPairs.length; i += 2) {
            if (!labelPairs[i + 1].equals(labels.get(labelPairs[i]))) {
                return false;
            }
        }
        return true;
    }
}
