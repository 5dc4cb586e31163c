package io.fraisier.core.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Reading a config loads no Jackson class (issue #14: Jackson's YAML stack cost every CLI command ~15 ms of
 * start-up). The config classes are loaded afresh in a class loader that can see Jackson (fraisier-core uses
 * it elsewhere) and records every class it is asked for.
 */
class YamlTreeReaderClassLoadingTest {
    private static final Path EXAMPLE = Path.of("..", "examples", "fraises.yaml");

    @Test
    void parsingTheExampleConfig_andABrokenOne_loadsNoJacksonClass() throws Exception {
        try (RecordingLoader loader = new RecordingLoader(classPath())) {
            Class<?> parserClass = loader.loadClass("io.fraisier.core.configfile.ConfigParser");
            assertThat(parserClass.getClassLoader()).as("loaded afresh").isSameAs(loader);
            assertThat(loader.loadClass(ObjectMapper.class.getName()).getClassLoader())
                    .as("Jackson is visible to the loader, so that not loading it means something")
                    .isSameAs(loader);
            loader.requested.clear();

            Object parser = parserClass.getConstructor(Map.class).newInstance(Map.of());
            var parse = parserClass.getMethod("parse", String.class, Path.class);
            for (String yaml : List.of(
                    Files.readString(EXAMPLE), "fraises:\n  x: [1, 2\n", "a: &x 1\nb: *x\nb: 2\n", "a:\n\tb: 1\n")) {
                try {
                    parse.invoke(parser, yaml, null);
                } catch (InvocationTargetException e) {
                    // the example names providers and variables absent here; a ConfigException is a reading too
                    assertThat(e.getCause().getClass().getName()).endsWith("ConfigException");
                }
            }
            assertThat(loader.requested)
                    .as("classes the config reading asked for")
                    .contains("org.yaml.snakeyaml.parser.ParserImpl", "io.fraisier.core.internal.config.YamlTreeReader")
                    .noneMatch(name -> name.startsWith("com.fasterxml.jackson"));
        }
    }

    private static List<URL> classPath() throws MalformedURLException {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            urls.add(Path.of(entry).toUri().toURL());
        }
        for (Class<?> c : List.of(YamlTreeReader.class, ObjectMapper.class, org.yaml.snakeyaml.LoaderOptions.class)) {
            urls.add(c.getProtectionDomain().getCodeSource().getLocation());
        }
        return urls;
    }

    /** Loads every class itself (the JDK's from the platform loader) and remembers the names asked for. */
    private static final class RecordingLoader extends URLClassLoader {
        final Set<String> requested = ConcurrentHashMap.newKeySet();

        RecordingLoader(List<URL> urls) {
            super(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            requested.add(name);
            return super.loadClass(name, resolve);
        }
    }
}
