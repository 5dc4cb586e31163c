package io.fraisier.climodel;

import static io.fraisier.climodel.PicocliModelProcessor.erased;
import static io.fraisier.climodel.PicocliModelProcessor.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * An annotation, as read at build time, written out as an expression: an anonymous class implementing the
 * annotation's interface whose every member returns what the annotation says, defaults included. Such a
 * class is an ordinary class of the jar, where reading the annotation at run time made the JDK spin a
 * dynamic proxy class.
 */
final class AnnotationWriter {
    private final Elements elements;
    private final Types types;
    private final BiConsumer<Element, String> error;

    AnnotationWriter(Elements elements, Types types, BiConsumer<Element, String> error) {
        this.elements = elements;
        this.types = types;
        this.error = error;
    }

    /** An anonymous class implementing the annotation's interface, every member as the mirror says. */
    String instance(AnnotationMirror mirror, Element on) {
        TypeElement type = (TypeElement) mirror.getAnnotationType().asElement();
        Map<? extends ExecutableElement, ? extends AnnotationValue> values =
                elements.getElementValuesWithDefaults(mirror);
        StringBuilder out =
                new StringBuilder("new ").append(type.getQualifiedName()).append("() {\n");
        for (ExecutableElement member : ElementFilter.methodsIn(type.getEnclosedElements())) {
            TypeMirror returnType = member.getReturnType();
            out.append("                    public ")
                    .append(source(returnType))
                    .append(' ')
                    .append(member.getSimpleName())
                    .append("() { return ")
                    .append(render(values.get(member), returnType, on))
                    .append("; }\n");
        }
        out.append("                    public Class<? extends java.lang.annotation.Annotation> annotationType() {"
                        + " return ")
                .append(type.getQualifiedName())
                .append(".class; }\n");
        return out.append("                }").toString();
    }

    private String render(AnnotationValue value, TypeMirror type, Element on) {
        Object v = value.getValue();
        if (v instanceof List<?>) {
            TypeMirror component = ((ArrayType) type).getComponentType();
            List<String> items = new ArrayList<>();
            for (AnnotationValue item : list(value)) {
                items.add(render(item, component, on));
            }
            return "new " + erased(component) + "[] {" + String.join(", ", items) + "}";
        }
        if (v instanceof TypeMirror t) {
            return classLiteral(t, on);
        }
        if (PicocliModelProcessor.isEnumConstant(v)) {
            VariableElement constant = (VariableElement) v;
            return ((TypeElement) constant.getEnclosingElement()).getQualifiedName() + "." + constant.getSimpleName();
        }
        if (v instanceof AnnotationMirror) {
            error.accept(on, "annotation-valued members are not modelled");
            return "null";
        }
        return elements.getConstantExpression(v);
    }

    /**
     * {@code T.class}, or, for a class the generated code may not name (picocli's defaults such as the
     * private {@code NoCompletionCandidates}), the class looked up by name: a lookup, not reflection.
     */
    private String classLiteral(TypeMirror type, Element on) {
        TypeElement element = type.getKind() == TypeKind.DECLARED ? (TypeElement) types.asElement(type) : null;
        if (element == null || accessible(element, elements.getPackageOf(on))) {
            return erased(type) + ".class";
        }
        return "(Class) io.fraisier.cli.model.GeneratedType.named("
                + elements.getConstantExpression(elements.getBinaryName(element).toString()) + ")";
    }

    private boolean accessible(TypeElement type, Element fromPackage) {
        boolean samePackage = elements.getPackageOf(type).equals(fromPackage);
        for (Element e = type; e instanceof TypeElement; e = e.getEnclosingElement()) {
            Set<Modifier> modifiers = e.getModifiers();
            if (modifiers.contains(Modifier.PRIVATE) || (!modifiers.contains(Modifier.PUBLIC) && !samePackage)) {
                return false;
            }
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    static List<? extends AnnotationValue> list(AnnotationValue value) {
        return (List<? extends AnnotationValue>) value.getValue();
    }
}
