package io.fraisier.climodel;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.ElementFilter;
import javax.tools.Diagnostic;

/**
 * For each class of a compilation that carries picocli annotations ({@code @Command}, or {@code @Option},
 * {@code @Parameters}, {@code @Mixin}, {@code @Spec} on its fields), writes {@code <Class>Model} in the same
 * package: {@code spec(command, factory)} builds the command's {@code CommandSpec} as picocli's
 * {@code CommandReflection} would from the annotations, but from annotation instances written out as
 * anonymous classes and fields reached directly. At run time no annotation is read, so the JDK spins no
 * dynamic proxy for one, and no field is set through reflection.
 *
 * <p>The order is picocli's: the class hierarchy superclass first; per class its {@code @Command}, its
 * subcommands, then its fields in declaration order. What this processor does not model ({@code @ArgGroup},
 * {@code @ParentCommand}, {@code @Unmatched}, annotated methods, nested command classes, version
 * providers) is a compile error naming the element, never a silently different model.
 */
public final class PicocliModelProcessor extends AbstractProcessor {
    static final String PICOCLI = "picocli.CommandLine.";
    private static final String COMMAND = PICOCLI + "Command";
    private static final String OPTION = PICOCLI + "Option";
    private static final String PARAMETERS = PICOCLI + "Parameters";
    private static final String MIXIN = PICOCLI + "Mixin";
    private static final String SPEC = PICOCLI + "Spec";
    private static final Set<String> UNSUPPORTED =
            Set.of(PICOCLI + "ArgGroup", PICOCLI + "ParentCommand", PICOCLI + "Unmatched");

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        Set<String> types = new LinkedHashSet<>(List.of(COMMAND, OPTION, PARAMETERS, MIXIN, SPEC));
        types.addAll(UNSUPPORTED);
        return types;
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        Set<TypeElement> commands = new LinkedHashSet<>();
        for (TypeElement annotation : annotations) {
            String name = annotation.getQualifiedName().toString();
            for (Element element : round.getElementsAnnotatedWith(annotation)) {
                if (UNSUPPORTED.contains(name)) {
                    error(
                            element,
                            "@" + annotation.getSimpleName() + " is not modelled by "
                                    + getClass().getName() + ": add it there, or do without it");
                } else if (element.getKind() == ElementKind.CLASS) {
                    commands.add((TypeElement) element);
                } else if (element.getKind() == ElementKind.FIELD) {
                    commands.add((TypeElement) element.getEnclosingElement());
                } else {
                    error(
                            element,
                            "only classes and fields may carry picocli annotations here ("
                                    + getClass().getName() + " models no annotated methods or parameters)");
                }
            }
        }
        for (TypeElement command : commands) {
            if (command.getModifiers().contains(Modifier.ABSTRACT)) {
                continue; // its fields are modelled with each concrete subclass
            }
            if (command.getNestingKind() != NestingKind.TOP_LEVEL) {
                error(command, "a command class must be top-level to get a generated model");
                continue;
            }
            try {
                write(command);
            } catch (IOException e) {
                error(command, "could not write its model: " + e);
            }
        }
        return true;
    }

    private void write(TypeElement command) throws IOException {
        String pkg = processingEnv
                .getElementUtils()
                .getPackageOf(command)
                .getQualifiedName()
                .toString();
        String name = command.getSimpleName() + "Model";
        ModelWriter writer = new ModelWriter(processingEnv, this::error);
        String body = writer.body(command);
        if (body == null) {
            return; // errors reported
        }
        boolean isPublic = command.getModifiers().contains(Modifier.PUBLIC);
        String visibility = isPublic ? "public " : "";
        StringBuilder java = new StringBuilder();
        java.append("package ").append(pkg).append(";\n\n");
        java.append("/** The picocli model of {@link ")
                .append(command.getSimpleName())
                .append("}, from its annotations at build time (generated by ")
                .append(getClass().getName())
                .append(": edit the annotations, not this). */\n");
        java.append("@javax.annotation.processing.Generated(\"")
                .append(getClass().getName())
                .append("\")\n");
        java.append("@SuppressWarnings({\"unchecked\", \"rawtypes\", \"deprecation\"})\n");
        java.append(visibility).append("final class ").append(name).append(" {\n");
        java.append("    private ").append(name).append("() {}\n\n");
        java.append("    /** The model of {@code command}, as picocli would build it from the annotations. */\n");
        java.append("    ")
                .append(visibility)
                .append("static picocli.CommandLine.Model.CommandSpec spec(")
                .append(command.getQualifiedName())
                .append(" command, picocli.CommandLine.IFactory factory) {\n");
        java.append(body);
        java.append("    }\n\n").append(writer.accessClass(command)).append("}\n");
        try (Writer out = processingEnv
                .getFiler()
                .createSourceFile(pkg + "." + name, command)
                .openWriter()) {
            out.write(java.toString());
        }
    }

    void error(Element element, String message) {
        processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, message, element);
    }

    /** The annotation mirror named {@code qualifiedName} on {@code element}, or null. */
    static AnnotationMirror mirror(Element element, String qualifiedName) {
        for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
            TypeElement type = (TypeElement) mirror.getAnnotationType().asElement();
            if (type.getQualifiedName().contentEquals(qualifiedName)) {
                return mirror;
            }
        }
        return null;
    }

    /** The value of member {@code name} of {@code mirror}, defaults included. */
    static AnnotationValue value(javax.lang.model.util.Elements elements, AnnotationMirror mirror, String name) {
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e :
                elements.getElementValuesWithDefaults(mirror).entrySet()) {
            if (e.getKey().getSimpleName().contentEquals(name)) {
                return e.getValue();
            }
        }
        throw new IllegalArgumentException("no member " + name + " in " + mirror);
    }

    /** {@code type} as Java source, generics included, type annotations left out. */
    static String source(TypeMirror type) {
        return switch (type.getKind()) {
            case ARRAY -> source(((ArrayType) type).getComponentType()) + "[]";
            case DECLARED -> {
                DeclaredType declared = (DeclaredType) type;
                String raw =
                        ((TypeElement) declared.asElement()).getQualifiedName().toString();
                if (declared.getTypeArguments().isEmpty()) {
                    yield raw;
                }
                List<String> args = new ArrayList<>();
                declared.getTypeArguments().forEach(a -> args.add(source(a)));
                yield raw + "<" + String.join(", ", args) + ">";
            }
            case WILDCARD -> {
                WildcardType wildcard = (WildcardType) type;
                if (wildcard.getExtendsBound() != null) {
                    yield "? extends " + source(wildcard.getExtendsBound());
                }
                yield wildcard.getSuperBound() != null ? "? super " + source(wildcard.getSuperBound()) : "?";
            }
            default ->
                type.getKind().isPrimitive()
                        ? type.getKind().name().toLowerCase(java.util.Locale.ROOT)
                        : type.toString();
        };
    }

    /** The erasure of {@code type} as source, e.g. for a class literal or an array creation. */
    static String erased(TypeMirror type) {
        if (type.getKind() == TypeKind.ARRAY) {
            return erased(((ArrayType) type).getComponentType()) + "[]";
        }
        if (type.getKind() == TypeKind.DECLARED) {
            return ((TypeElement) ((DeclaredType) type).asElement())
                    .getQualifiedName()
                    .toString();
        }
        if (type.getKind() == TypeKind.WILDCARD) {
            TypeMirror bound = ((WildcardType) type).getExtendsBound();
            if (bound == null) {
                bound = ((WildcardType) type).getSuperBound();
            }
            return bound == null ? "java.lang.Object" : erased(bound);
        }
        return source(type);
    }

    static boolean isEnumConstant(Object value) {
        return value instanceof VariableElement v && v.getKind() == ElementKind.ENUM_CONSTANT;
    }

    static List<VariableElement> fields(TypeElement type) {
        return ElementFilter.fieldsIn(type.getEnclosedElements());
    }
}
