import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.classgraph.ClassGraph;
import io.github.classgraph.ClassInfo;
import io.github.classgraph.ClassRefTypeSignature;
import io.github.classgraph.FieldInfo;
import io.github.classgraph.ScanResult;
import io.github.classgraph.TypeSignature;

import org.apache.flink.annotation.docs.Documentation;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.HighAvailabilityOptions;
import org.apache.flink.runtime.executiongraph.failover.RestartBackoffTimeStrategyFactoryLoader;
import org.apache.flink.runtime.highavailability.HighAvailabilityServicesFactory;
import org.apache.flink.runtime.jobmanager.HighAvailabilityMode;
import org.apache.flink.runtime.state.CheckpointStorageLoader;
import org.apache.flink.runtime.state.StateBackendLoader;
import org.apache.flink.util.PortRange;

/**
 * Checks a Flink configuration with Flink's own code: every key is one Flink knows, and every value
 * parses as its option's type.
 *
 * <pre>
 * java -cp … FlinkConfigCheck.java CONF_DIR…     (each CONF_DIR holds a config.yaml)
 * </pre>
 *
 * Each config.yaml is read as the Flink image reads it (GlobalConfiguration.loadConfiguration). The
 * known keys are those of every public static ConfigOption field of the org.apache.flink classes on
 * the classpath (primary, fallback and deprecated keys), found with ClassGraph. Options documented as
 * suffixes of a prefix family (@Documentation.SuffixOption, e.g. "metrics.reporter.&lt;name&gt;" +
 * "factory.class") match any name in the family. A named reporter's own parameters
 * ("metrics.reporter.prom.port") are the ConfigOptions of its factory's package and the ARG_* parameter
 * names of its factory and reporter classes (Flink's reporters' convention); its factory class must load.
 * Values: Configuration.get(option) for each option present (type conversion throws on a bad value), a
 * reporter's port as Flink's PortRange, and the loaders the cluster runs (HA mode, state backend,
 * checkpoint storage, restart strategy). Keys of the Kubernetes operator and of Flink's S3/GCS file
 * system plugins are not in these jars: they are reported as skipped, not checked.
 *
 * Prints, per CONF_DIR, one line per problem ("DIR: problem: …"), per skipped key ("DIR: skipped
 * (plugin/operator): …"), per deprecated key ("DIR: note: …") and a summary; exits 1 on any problem.
 */
public class FlinkConfigCheck {
    /** Key prefixes of settings defined outside the jars on this classpath. */
    static final List<String> SKIPPED_PREFIXES = List.of("kubernetes.operator.", "s3.", "fs.s3a.", "gs.");

    /** The reporter families and the interface their factory must implement. */
    static final Map<String, String> REPORTER_FAMILIES = Map.of(
            "metrics.reporter.", "org.apache.flink.metrics.reporter.MetricReporterFactory",
            "traces.reporter.", "org.apache.flink.traces.reporter.TraceReporterFactory",
            "events.reporter.", "org.apache.flink.events.reporter.EventReporterFactory");

    record Known(ConfigOption<?> option, String field, String deprecatedFor) {}

    record Suffix(Pattern pattern, ConfigOption<?> option, String field) {}

    /** key (primary, fallback or deprecated) → the options that define it. */
    static final Map<String, List<Known>> exact = new HashMap<>();
    /** Options of a prefix family, as a pattern over the whole key. */
    static final List<Suffix> suffixes = new ArrayList<>();
    /** Java package → the ConfigOptions its classes declare (a reporter's own options). */
    static final Map<String, List<ConfigOption<?>>> optionsByPackage = new HashMap<>();
    static int classesScanned = 0;
    static final List<String> unloadable = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        if (args.length == 0) {
            System.err.println("usage: FlinkConfigCheck CONF_DIR…");
            System.exit(2);
        }
        long start = System.nanoTime();
        scan();
        System.out.printf("known: %d keys of %d classes, %d prefix-family options (%d ms)%n",
                exact.size(), classesScanned, suffixes.size(), (System.nanoTime() - start) / 1_000_000);
        if (!unloadable.isEmpty()) System.err.println("classes that did not load (their options are not known): " + unloadable);
        if (exact.size() < 500) {
            System.out.println("problem: only " + exact.size() + " keys found: the scan missed Flink's jars");
            System.exit(1);
        }
        int problems = 0;
        for (String dir : args) problems += check(dir);
        System.exit(problems == 0 ? 0 : 1);
    }

    /** Finds every public static ConfigOption field of org.apache.flink's classes. */
    static void scan() {
        List<String> classNames = new ArrayList<>();
        try (ScanResult result = new ClassGraph().enableFieldInfo().acceptPackages("org.apache.flink").rejectPackages("org.apache.flink.shaded").scan()) {
            for (ClassInfo ci : result.getAllClasses()) {
                for (FieldInfo fi : ci.getDeclaredFieldInfo()) {
                    TypeSignature type = fi.getTypeSignatureOrTypeDescriptor();
                    if (fi.isPublic() && fi.isStatic() && type instanceof ClassRefTypeSignature ref
                            && ref.getBaseClassName().equals(ConfigOption.class.getName())) {
                        classNames.add(ci.getName());
                        break;
                    }
                }
            }
        }
        ClassLoader loader = FlinkConfigCheck.class.getClassLoader();
        for (String name : classNames) {
            Class<?> c;
            try {
                c = Class.forName(name, true, loader);
            } catch (Throwable t) {
                unloadable.add(name + " (" + t + ")");
                continue;
            }
            classesScanned++;
            Documentation.SuffixOption classSuffix = c.getAnnotation(Documentation.SuffixOption.class);
            for (Field f : c.getDeclaredFields()) {
                int m = f.getModifiers();
                if (!Modifier.isPublic(m) || !Modifier.isStatic(m) || f.getType() != ConfigOption.class) continue;
                ConfigOption<?> option;
                try {
                    option = (ConfigOption<?>) f.get(null);
                } catch (Throwable t) {
                    unloadable.add(name + "." + f.getName() + " (" + t + ")");
                    continue;
                }
                if (option == null) continue;
                String where = c.getName() + "." + f.getName();
                optionsByPackage.computeIfAbsent(c.getPackageName(), p -> new ArrayList<>()).add(option);
                Documentation.SuffixOption suffix = f.getAnnotation(Documentation.SuffixOption.class);
                if (suffix == null) suffix = classSuffix;
                if (suffix != null) {
                    // "<parameter>" stands for the reporter's own parameters, checked against the reporter
                    if (!option.key().contains("<")) {
                        suffixes.add(new Suffix(familyPattern(suffix.value() + "." + option.key()), option, where));
                    }
                    continue;
                }
                exact.computeIfAbsent(option.key(), k -> new ArrayList<>()).add(new Known(option, where, null));
                for (FallbackKey fallback : option.fallbackKeys()) {
                    exact.computeIfAbsent(fallback.getKey(), k -> new ArrayList<>())
                            .add(new Known(option, where, fallback.isDeprecated() ? option.key() : null));
                }
            }
        }
    }

    /** "metrics.reporter.<name>.factory.class" → a pattern where each <placeholder> is one key segment. */
    static Pattern familyPattern(String template) {
        StringBuilder regex = new StringBuilder();
        Matcher m = Pattern.compile("<[^>]+>").matcher(template);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(last, m.start()))).append("[^.]+");
            last = m.end();
        }
        regex.append(Pattern.quote(template.substring(last)));
        return Pattern.compile(regex.toString());
    }

    static int check(String dir) {
        Configuration conf = GlobalConfiguration.loadConfiguration(dir);
        Map<String, String> map = new TreeMap<>(conf.toMap());
        List<String> problems = new ArrayList<>();
        int skipped = 0;
        int known = 0;
        Map<String, Map<String, String>> reporterParameters = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : map.entrySet()) {
            String key = e.getKey();
            String value = e.getValue();
            if (SKIPPED_PREFIXES.stream().anyMatch(key::startsWith)) {
                System.out.println(dir + ": skipped (plugin/operator): " + key);
                skipped++;
                continue;
            }
            List<Known> options = exact.get(key);
            if (options != null) {
                known++;
                for (Known k : options) {
                    if (k.deprecatedFor() != null) System.out.println(dir + ": note: deprecated key " + key + ", Flink's key is " + k.deprecatedFor());
                }
                String error = firstParseError(conf, options.stream().map(Known::option).toList());
                if (error != null) problems.add("bad value for " + key + ": \"" + value + "\" (" + error + ")");
                continue;
            }
            Suffix suffix = suffixes.stream().filter(s -> s.pattern().matcher(key).matches()).findFirst().orElse(null);
            if (suffix != null) {
                known++;
                Configuration single = Configuration.fromMap(Map.of(suffix.option().key(), value));
                String error = firstParseError(single, List.of(suffix.option()));
                if (error != null) problems.add("bad value for " + key + ": \"" + value + "\" (" + error + ")");
                continue;
            }
            String family = REPORTER_FAMILIES.keySet().stream().filter(key::startsWith).findFirst().orElse(null);
            if (family != null && key.indexOf('.', family.length()) > 0) {
                // a parameter of the named reporter itself: checked below, against its factory
                int dot = key.indexOf('.', family.length());
                reporterParameters.computeIfAbsent(key.substring(0, dot + 1), r -> new TreeMap<>()).put(key.substring(dot + 1), value);
                continue;
            }
            problems.add("unknown key " + key + " (no ConfigOption of Flink " + org.apache.flink.runtime.util.EnvironmentInformation.getVersion() + " has it)");
        }
        for (Map.Entry<String, Map<String, String>> r : reporterParameters.entrySet()) {
            known += checkReporter(map, r.getKey(), r.getValue(), problems);
        }
        problems.addAll(checkWithLoaders(conf));
        for (String p : problems) System.out.println(dir + ": problem: " + p);
        System.out.printf("%s: %d keys, %d known, %d skipped (plugin/operator), %d problems%n", dir, map.size(), known, skipped, problems.size());
        return problems.size();
    }

    /** Reads every option through Configuration.get, which converts the text to the option's type. */
    static String firstParseError(Configuration conf, List<ConfigOption<?>> options) {
        String error = null;
        for (ConfigOption<?> option : options) {
            try {
                conf.get(option);
                return null; // one definition of the key accepts it
            } catch (Exception e) {
                if (error == null) error = e.getMessage() != null ? e.getMessage() : e.toString();
            }
        }
        return error;
    }

    /** The named reporter `prefix` ("metrics.reporter.prom."): its factory, and its own parameters. */
    static int checkReporter(Map<String, String> map, String prefix, Map<String, String> parameters, List<String> problems) {
        String factoryName = map.get(prefix + "factory.class");
        if (factoryName == null) {
            problems.add("reporter " + prefix + "* has no " + prefix + "factory.class, so its keys " + parameters.keySet() + " belong to nothing");
            return 0;
        }
        Class<?> factory;
        try {
            factory = Class.forName(factoryName);
        } catch (Throwable t) {
            problems.add(prefix + "factory.class: " + factoryName + " is not on the classpath (" + t + ")");
            return 0;
        }
        String family = REPORTER_FAMILIES.keySet().stream().filter(prefix::startsWith).findFirst().orElseThrow();
        try {
            Class<?> expected = Class.forName(REPORTER_FAMILIES.get(family));
            if (!expected.isAssignableFrom(factory)) problems.add(prefix + "factory.class: " + factoryName + " is not a " + expected.getSimpleName());
            factory.getConstructor().newInstance();
        } catch (Throwable t) {
            problems.add(prefix + "factory.class: " + factoryName + " cannot be instantiated (" + t + ")");
        }
        Map<String, ConfigOption<?>> own = new HashMap<>();
        for (ConfigOption<?> o : optionsByPackage.getOrDefault(factory.getPackageName(), List.of())) own.put(o.key(), o);
        List<String> argNames = new ArrayList<>(argParameters(factory));
        for (Method m : factory.getMethods()) {
            if (m.getName().startsWith("create") && !m.getReturnType().isInterface()) argNames.addAll(argParameters(m.getReturnType()));
        }
        int known = 0;
        for (Map.Entry<String, String> p : parameters.entrySet()) {
            String name = p.getKey();
            String value = p.getValue();
            if (own.containsKey(name)) {
                known++;
                String error = firstParseError(Configuration.fromMap(Map.of(name, value)), List.of(own.get(name)));
                if (error != null) problems.add("bad value for " + prefix + name + ": \"" + value + "\" (" + error + ")");
            } else if (argNames.contains(name)) {
                known++;
                if (name.equals("port")) {
                    // the Prometheus and JMX reporters read their port (or range) with Flink's PortRange
                    try {
                        new PortRange(value);
                    } catch (Exception e) {
                        problems.add("bad value for " + prefix + name + ": \"" + value + "\" (" + e.getMessage() + ")");
                    }
                }
            } else {
                problems.add("unknown key " + prefix + name + " (" + factory.getSimpleName() + " takes " + new java.util.TreeSet<>(argNames) + " and " + new java.util.TreeSet<>(own.keySet()) + ")");
            }
        }
        return known;
    }

    /** The parameter names a reporter class reads from its MetricConfig: its static final String ARG_* fields. */
    static List<String> argParameters(Class<?> c) {
        List<String> names = new ArrayList<>();
        for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                int m = f.getModifiers();
                if (f.getName().startsWith("ARG_") && Modifier.isStatic(m) && Modifier.isFinal(m) && f.getType() == String.class) {
                    try {
                        f.setAccessible(true);
                        names.add((String) f.get(null));
                    } catch (Exception ignored) {
                        // not readable: not a known parameter then
                    }
                }
            }
        }
        return names;
    }

    /** What the JobManager does with the settings whose values name things: the same loaders. */
    static List<String> checkWithLoaders(Configuration conf) {
        List<String> problems = new ArrayList<>();
        ClassLoader loader = FlinkConfigCheck.class.getClassLoader();
        HighAvailabilityMode mode = HighAvailabilityMode.fromConfig(conf);
        if (mode == HighAvailabilityMode.FACTORY_CLASS) {
            String name = conf.get(HighAvailabilityOptions.HA_MODE);
            try {
                if (!HighAvailabilityServicesFactory.class.isAssignableFrom(Class.forName(name, false, loader))) {
                    problems.add("high-availability.type: " + name + " is not a HighAvailabilityServicesFactory");
                }
            } catch (Throwable t) {
                problems.add("high-availability.type: \"" + name + "\" is neither NONE, ZOOKEEPER nor KUBERNETES, nor a factory class on the classpath");
            }
        }
        if (mode != HighAvailabilityMode.NONE && conf.get(HighAvailabilityOptions.HA_STORAGE_PATH) == null) {
            problems.add("high availability needs " + HighAvailabilityOptions.HA_STORAGE_PATH.key());
        }
        if (mode == HighAvailabilityMode.ZOOKEEPER) {
            String quorum = conf.get(HighAvailabilityOptions.HA_ZOOKEEPER_QUORUM);
            if (quorum == null || quorum.isBlank()) problems.add("ZooKeeper HA needs " + HighAvailabilityOptions.HA_ZOOKEEPER_QUORUM.key());
        }
        try {
            StateBackendLoader.loadStateBackendFromConfig(conf, loader, null);
        } catch (Throwable t) {
            problems.add("state backend: " + t.getMessage());
        }
        try {
            CheckpointStorageLoader.fromConfig(conf, loader, null);
        } catch (Throwable t) {
            problems.add("checkpoint storage: " + t.getMessage());
        }
        try {
            RestartBackoffTimeStrategyFactoryLoader.createRestartBackoffTimeStrategyFactory(new Configuration(), conf, true).create();
        } catch (Throwable t) {
            problems.add("restart strategy: " + t.getMessage());
        }
        return problems;
    }
}
