package dev.tollgate.k8scheck;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths in the repository; tests run with the module folder (k8s-check) as working directory. */
final class Repository {

    static final Path ROOT = findRoot();
    static final Path K8S = ROOT.resolve("k8s");
    static final Path SCHEMAS = K8S.resolve("schemas");
    static final Path OVERLAYS = K8S.resolve("overlays");

    private static Path findRoot() {
        Path here = Path.of("").toAbsolutePath();
        for (Path candidate = here; candidate != null; candidate = candidate.getParent()) {
            if (Files.isDirectory(candidate.resolve("k8s").resolve("base"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no k8s/base above " + here);
    }

    private Repository() {
    }
}
