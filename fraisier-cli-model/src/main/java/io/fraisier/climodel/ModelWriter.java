package io.fraisier.climodel;

import static io.fraisier.climodel.PicocliModelProcessor.PICOCLI;
import static io.fraisier.climodel.PicocliModelProcessor.erased;
import static io.fraisier.climodel.PicocliModelProcessor.mirror;
import static io.fraisier.climodel.PicocliModelProcessor.source;
import static io.fraisier.climodel.PicocliModelProcessor.value;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
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
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/** The statements of one command's {@code spec(command, factory)} method (see {@link PicocliModelProcessor}). */
final class ModelWriter {
    private static final String SPEC_TYPE = "picocli.CommandLine.Model.CommandSpec";
    /** picocli's {@code Help.DEFAULT_COMMAND_NAME}: a {@code @Command} without a name. */
    private static final String NO_NAME = "<main class>";
    /** java.lang.reflect.Modifier.toString's order, which Field.toGenericString (and so picocli) uses. */
    private static final List<Modifier> MODIFIER_ORDER = List.of(
            Modifier.PUBLIC,
            Modifier.PROTECTED,
            Modifier.PRIVATE,
            Modifier.ABSTRACT,
            Modifier.STATIC,
            Modifier.FINAL,
            Modifier.TRANSIENT,
            Modifier.VOLATILE);

    private final Elements elements;
    private final Types types;
    private final AnnotationWriter annotations;
    private final BiConsumer<Element, String> error;
    private boolean failed;
    private final StringBuilder reads = new StringBuilder();
    private final StringBuilder writes = new StringBuilder();

    ModelWriter(ProcessingEnvironment env, BiConsumer<Element, String> error) {
        this.elements = env.getElementUtils();
        this.types = env.getTypeUtils();
        this.error = (element, message) -> {
            failed = true;
            error.accept(element, message);
        };
        this.annotations = new AnnotationWriter(elements, types, this.error);
    }

    /** The method body, or null when an error was reported. */
    String body(TypeElement command) {
        List<TypeElement> hierarchy = new ArrayList<>();
        for (TypeElement cls = command; cls != null; cls = superclass(cls)) {
            hierarchy.addFirst(cls);
        }
        StringBuilder out = new StringBuilder();
        out.append("        ")
                .append(SPEC_TYPE)
                .append(" spec = ")
                .append(SPEC_TYPE)
                .append(".wrapWithoutInspection(command, factory);\n");
        out.append("        Access access = new Access(command);\n");
        boolean standardHelp = false;
        int members = 0;
        for (TypeElement cls : hierarchy) {
            AnnotationMirror cmd = mirror(cls, PICOCLI + "Command");
            if (cmd != null) {
                TypeMirror versionProvider =
                        (TypeMirror) value(elements, cmd, "versionProvider").getValue();
                if (!erased(versionProvider).equals(PICOCLI + "NoVersionProvider")) {
                    error.accept(cls, "@Command(versionProvider) is not modelled (picocli injects @Spec into it)");
                }
                standardHelp |= (Boolean)
                        value(elements, cmd, "mixinStandardHelpOptions").getValue();
                out.append("        spec.updateCommandAttributes(")
                        .append(annotations.instance(cmd, cls))
                        .append(", factory);\n");
                for (AnnotationValue sub : AnnotationWriter.list(value(elements, cmd, "subcommands"))) {
                    subcommand(out, cls, (TypeMirror) sub.getValue());
                }
            }
            for (VariableElement field : ElementFilter.fieldsIn(cls.getEnclosedElements())) {
                if (member(out, field, members)) {
                    members++;
                }
            }
        }
        out.append("        spec.mixinStandardHelpOptions(")
                .append(standardHelp)
                .append(");\n");
        out.append("        return spec;\n");
        return failed ? null : out.toString();
    }

    /**
     * The nested class that reads and writes the fields {@link #body} numbered: a switch in an ordinary
     * class, where lambdas would be spun up as hidden classes when no AOT cache holds them.
     */
    String accessClass(TypeElement command) {
        String type = command.getQualifiedName().toString();
        return "    private static final class Access implements io.fraisier.cli.model.GeneratedMember.Fields {\n"
                + "        private final " + type + " command;\n\n"
                + "        Access(" + type + " command) {\n            this.command = command;\n        }\n\n"
                + "        @Override\n        public Object get(int field) {\n            return switch (field) {\n"
                + reads
                + "                default -> throw new IllegalArgumentException(\"no field \" + field);\n"
                + "            };\n        }\n\n"
                + "        @Override\n        public void set(int field, Object value) {\n            switch (field) {\n"
                + writes
                + "                default -> throw new IllegalArgumentException(\"no field \" + field);\n"
                + "            }\n        }\n    }\n";
    }

    private void subcommand(StringBuilder out, TypeElement parent, TypeMirror type) {
        TypeElement sub = (TypeElement) types.asElement(type);
        AnnotationMirror cmd = mirror(sub, PICOCLI + "Command");
        String name =
                cmd == null ? NO_NAME : (String) value(elements, cmd, "name").getValue();
        if (name.equals(NO_NAME)) {
            error.accept(parent, "subcommand " + sub + " needs @Command(name = ...)");
            return;
        }
        out.append("        spec.addSubcommand(")
                .append(elements.getConstantExpression(name))
                .append(", new picocli.CommandLine(")
                .append(model(sub))
                .append(".spec(new ")
                .append(sub.getQualifiedName())
                .append("(), factory), factory));\n");
    }

    /** Adds the statements of one field; false when it carries no picocli annotation. */
    private boolean member(StringBuilder out, VariableElement field, int index) {
        String var = "m" + index;
        List<AnnotationMirror> found = new ArrayList<>();
        for (String name : List.of("Option", "Parameters", "Mixin", "Spec")) {
            AnnotationMirror m = mirror(field, PICOCLI + name);
            if (m != null) {
                found.add(m);
            }
        }
        if (found.isEmpty()) {
            return false;
        }
        if (found.size() > 1) {
            error.accept(field, "a field carries one picocli annotation at most");
            return false;
        }
        Set<Modifier> modifiers = field.getModifiers();
        if (modifiers.contains(Modifier.PRIVATE)
                || modifiers.contains(Modifier.FINAL)
                || modifiers.contains(Modifier.STATIC)) {
            error.accept(
                    field,
                    "a picocli-annotated field must not be private, final or static: the generated"
                            + " model reads and sets it directly");
            return false;
        }
        AnnotationMirror annotation = found.getFirst();
        String kind = ((TypeElement) annotation.getAnnotationType().asElement())
                .getSimpleName()
                .toString();
        TypeMirror type = field.asType();
        String name = field.getSimpleName().toString();
        String access = "command." + name;
        String boxed = type.getKind().isPrimitive()
                ? types.boxedClass(types.getPrimitiveType(type.getKind()))
                        .getQualifiedName()
                        .toString()
                : source(type);
        String toString = abbreviate((kind.equals("Mixin") ? "mixin from member " : "field ") + genericString(field));
        out.append("        io.fraisier.cli.model.GeneratedMember ")
                .append(var)
                .append(" = new io.fraisier.cli.model.GeneratedMember(\n                ")
                .append(annotations.instance(annotation, field))
                .append(",\n                ")
                .append(elements.getConstantExpression(name))
                .append(", ")
                .append(elements.getConstantExpression(toString))
                .append(",\n                ")
                .append(typeInfo(field, type, kind.equals("Option") || kind.equals("Parameters") ? annotation : null))
                .append(",\n                command, access, ")
                .append(index)
                .append(");\n");
        reads.append("                case ")
                .append(index)
                .append(" -> ")
                .append(access)
                .append(";\n");
        writes.append("                case ")
                .append(index)
                .append(" -> ")
                .append(access)
                .append(" = (")
                .append(boxed)
                .append(") value;\n");
        switch (kind) {
            case "Option" ->
                out.append("        spec.addOption(picocli.CommandLine.Model.OptionSpec.builder(")
                        .append(var)
                        .append(", factory).initialValue(")
                        .append(access)
                        .append(").build());\n");
            case "Parameters" ->
                out.append("        spec.addPositional(picocli.CommandLine.Model.PositionalParamSpec.builder(")
                        .append(var)
                        .append(", factory).initialValue(")
                        .append(access)
                        .append(").build());\n");
            case "Mixin" -> {
                TypeElement mixin = (TypeElement) types.asElement(type);
                if (mixin == null || mixin.getNestingKind() != NestingKind.TOP_LEVEL) {
                    error.accept(field, "a @Mixin's type must be a top-level class");
                    return false;
                }
                out.append("        if (")
                        .append(access)
                        .append(" == null) {\n            ")
                        .append(access)
                        .append(" = new ")
                        .append(mixin.getQualifiedName())
                        .append("();\n        }\n");
                out.append("        spec.addMixin(")
                        .append(var)
                        .append(".getMixinName(), ")
                        .append(model(mixin))
                        .append(".spec(")
                        .append(access)
                        .append(", factory).withToString(")
                        .append(var)
                        .append(".getToString()), ")
                        .append(var)
                        .append(");\n");
            }
            default -> { // Spec
                Object target = value(elements, annotation, "value").getValue();
                if (!((VariableElement) target).getSimpleName().contentEquals("SELF")
                        || !erased(type).equals(SPEC_TYPE)) {
                    error.accept(field, "only @Spec(SELF) on a CommandSpec field is modelled");
                    return false;
                }
                out.append("        spec.addSpecElement(").append(var).append(");\n");
                out.append("        ").append(access).append(" = spec;\n");
            }
        }
        return true;
    }

    /**
     * {@code GeneratedType.of(...)}: the field's erased class, its type arguments, the annotation's
     * {@code type()} classes and, when the element type is an enum, its constants (read without reflection).
     */
    private String typeInfo(VariableElement field, TypeMirror type, AnnotationMirror annotation) {
        List<String> typeArguments = new ArrayList<>();
        if (type.getKind() == TypeKind.DECLARED) {
            for (TypeMirror argument : ((DeclaredType) type).getTypeArguments()) {
                if (argument.getKind() == TypeKind.WILDCARD
                        && ((WildcardType) argument).getExtendsBound() == null
                        && ((WildcardType) argument).getSuperBound() == null) {
                    error.accept(field, "an unbounded wildcard type argument is not modelled");
                }
                typeArguments.add(erased(argument) + ".class");
            }
        }
        List<String> annotationTypes = new ArrayList<>();
        TypeMirror element = null;
        if (annotation != null) {
            for (AnnotationValue t : AnnotationWriter.list(value(elements, annotation, "type"))) {
                annotationTypes.add(erased((TypeMirror) t.getValue()) + ".class");
                element = element == null ? (TypeMirror) t.getValue() : element;
            }
        }
        if (element == null) {
            if (type.getKind() == TypeKind.ARRAY) {
                element = ((ArrayType) type).getComponentType();
            } else if (type.getKind() == TypeKind.DECLARED
                    && !((DeclaredType) type).getTypeArguments().isEmpty()) {
                element = ((DeclaredType) type).getTypeArguments().getFirst();
            } else {
                element = type;
            }
        }
        Element elementType = types.asElement(element);
        String enumConstants = elementType != null && elementType.getKind() == ElementKind.ENUM
                ? erased(element) + ".values()"
                : "null";
        return "io.fraisier.cli.model.GeneratedType.of(" + erased(type) + ".class, " + classes(typeArguments) + ", "
                + classes(annotationTypes) + ", " + enumConstants + ")";
    }

    private static String classes(List<String> literals) {
        return "new Class<?>[] {" + String.join(", ", literals) + "}";
    }

    private TypeElement superclass(TypeElement cls) {
        TypeMirror superclass = cls.getSuperclass();
        if (superclass.getKind() != TypeKind.DECLARED) {
            return null;
        }
        TypeElement element = (TypeElement) types.asElement(superclass);
        return element.getQualifiedName().contentEquals("java.lang.Object") ? null : element;
    }

    private String model(TypeElement cls) {
        return elements.getPackageOf(cls).getQualifiedName() + "." + cls.getSimpleName() + "Model";
    }

    /** What {@code Field.toGenericString()} says of {@code field}. */
    private String genericString(VariableElement field) {
        StringBuilder out = new StringBuilder();
        for (Modifier modifier : MODIFIER_ORDER) {
            if (field.getModifiers().contains(modifier)) {
                out.append(modifier).append(' ');
            }
        }
        TypeElement owner = (TypeElement) field.getEnclosingElement();
        return out.append(typeName(field.asType()))
                .append(' ')
                .append(elements.getBinaryName(owner))
                .append('.')
                .append(field.getSimpleName())
                .toString();
    }

    /** What {@code java.lang.reflect.Type.getTypeName()} says of {@code type}. */
    private String typeName(TypeMirror type) {
        return switch (type.getKind()) {
            case ARRAY -> typeName(((ArrayType) type).getComponentType()) + "[]";
            case DECLARED -> {
                DeclaredType declared = (DeclaredType) type;
                String raw = elements.getBinaryName((TypeElement) declared.asElement())
                        .toString();
                if (declared.getTypeArguments().isEmpty()) {
                    yield raw;
                }
                List<String> args = new ArrayList<>();
                declared.getTypeArguments().forEach(a -> args.add(typeName(a)));
                yield raw + "<" + String.join(", ", args) + ">";
            }
            case WILDCARD -> {
                WildcardType wildcard = (WildcardType) type;
                if (wildcard.getExtendsBound() != null) {
                    yield "? extends " + typeName(wildcard.getExtendsBound());
                }
                yield wildcard.getSuperBound() != null ? "? super " + typeName(wildcard.getSuperBound()) : "?";
            }
            default -> source(type);
        };
    }

    /** picocli's {@code TypedMember.abbreviate}. */
    private static String abbreviate(String text) {
        return text.replace("private ", "")
                .replace("protected ", "")
                .replace("public ", "")
                .replace("java.lang.", "");
    }
}
