package io.fraisier.cli.model;

import java.lang.annotation.Annotation;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.IAnnotatedElement;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.IScope;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.ITypeInfo;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * A picocli-annotated field as the generated models ({@code <Command>Model}, from fraisier-cli-model) hand
 * it to picocli's builders: what picocli's reflective {@code TypedMember} says of a field, but with the
 * annotation as an ordinary instance and the field read and written by the generated code. Nothing here
 * reads an annotation or uses reflection, so building a model spins no dynamic proxy and no method handle.
 * Not thread-safe: like picocli's model, one per command line.
 */
public final class GeneratedMember implements IAnnotatedElement {
    private final Annotation annotation;
    private final String name;
    private final String toString;
    private final ITypeInfo type;
    private final IScope scope;
    private final Fields fields;
    private final int field;

    /**
     * @param annotation the field's picocli annotation ({@code @Option}, {@code @Parameters}, {@code @Mixin}
     *     or {@code @Spec})
     * @param toString what picocli's {@code TypedMember.getToString()} would say of the field
     * @param command the object the field belongs to
     * @param fields reads and writes {@code command}'s annotated fields
     * @param field the number of this one in {@code fields}
     */
    public GeneratedMember(
            Annotation annotation,
            String name,
            String toString,
            ITypeInfo type,
            Object command,
            Fields fields,
            int field) {
        this.annotation = annotation;
        this.name = name;
        this.toString = toString;
        this.type = type;
        this.scope = new CommandScope(command);
        this.fields = fields;
        this.field = field;
    }

    @Override
    public Object userObject() {
        return this;
    }

    @Override
    public boolean isAnnotationPresent(Class<? extends Annotation> annotationClass) {
        return annotationClass.isInstance(annotation);
    }

    @Override
    public <T extends Annotation> T getAnnotation(Class<T> annotationClass) {
        return annotationClass.isInstance(annotation) ? annotationClass.cast(annotation) : null;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String getMixinName() {
        String given = annotation instanceof Mixin mixin ? mixin.name() : "";
        return given.isEmpty() ? name : given;
    }

    @Override
    public boolean isArgSpec() {
        return isOption() || isParameter();
    }

    @Override
    public boolean isOption() {
        return annotation instanceof Option;
    }

    @Override
    public boolean isParameter() {
        return annotation instanceof Parameters;
    }

    @Override
    public boolean isArgGroup() {
        return false;
    }

    @Override
    public boolean isMixin() {
        return annotation instanceof Mixin;
    }

    @Override
    public boolean isUnmatched() {
        return false;
    }

    @Override
    public boolean isSpec() {
        return annotation instanceof Spec;
    }

    @Override
    public boolean isParentCommand() {
        return false;
    }

    @Override
    public boolean isMultiValue() {
        return GeneratedType.isMultiValue(type.getType());
    }

    @Override
    public boolean isInteractive() {
        return (annotation instanceof Option option && option.interactive())
                || (annotation instanceof Parameters parameters && parameters.interactive());
    }

    /** True, as for a field: picocli resets it to its initial value before each parse. */
    @Override
    public boolean hasInitialValue() {
        return true;
    }

    @Override
    public boolean isMethodParameter() {
        return false;
    }

    @Override
    public int getMethodParamPosition() {
        return -1;
    }

    @Override
    public IScope scope() {
        return scope;
    }

    @Override
    public IGetter getter() {
        return new Binding();
    }

    @Override
    public ISetter setter() {
        return new Binding();
    }

    @Override
    public ITypeInfo getTypeInfo() {
        return type;
    }

    @Override
    public String getToString() {
        return toString;
    }

    @Override
    public String toString() {
        return toString;
    }

    /**
     * Reads and writes the annotated fields of one command object, by number: generated with each model as
     * a switch over the fields, an ordinary class that an AOT cache holds (a lambda per field would be
     * spun up as a hidden class at run time by a JVM without one).
     */
    public interface Fields {
        Object get(int field);

        void set(int field, Object value);
    }

    /** The field's value; setting returns the old one, as picocli's {@code FieldBinding} does. */
    private final class Binding implements IGetter, ISetter {
        @Override
        @SuppressWarnings("unchecked")
        public <T> T get() {
            return (T) fields.get(field);
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T set(T value) {
            T old = (T) fields.get(field);
            fields.set(field, value);
            return old;
        }
    }

    /** The command object, which picocli's {@code ObjectScope} would hold; it is never replaced. */
    private record CommandScope(Object command) implements IScope {
        @Override
        @SuppressWarnings("unchecked")
        public <T> T get() {
            return (T) command;
        }

        @Override
        public <T> T set(T value) {
            throw new UnsupportedOperationException("the command object of a generated model is fixed");
        }
    }
}
