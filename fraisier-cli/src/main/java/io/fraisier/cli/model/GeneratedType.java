package io.fraisier.cli.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.ITypeInfo;

/**
 * The type of a picocli-annotated field, as picocli's package-private {@code RuntimeTypeInfo} infers it
 * from the field's {@code Class} and generic type, here from what the annotation processor read of the
 * field's type at build time. Immutable.
 */
public final class GeneratedType implements ITypeInfo {
    private final Class<?> type;
    private final Class<?>[] auxiliaryTypes;
    private final List<String> typeArgumentNames;
    private final Object @Nullable [] enumConstants;

    private GeneratedType(
            Class<?> type,
            Class<?>[] auxiliaryTypes,
            List<String> typeArgumentNames,
            Object @Nullable [] enumConstants) {
        this.type = type;
        this.auxiliaryTypes = auxiliaryTypes;
        this.typeArgumentNames = typeArgumentNames;
        this.enumConstants = enumConstants;
    }

    /**
     * @param type the field's erased type
     * @param typeArguments the erasures of its type arguments ({@code List<String>}: {@code String})
     * @param annotationTypes the annotation's {@code type()}, which replaces the inferred element types
     * @param enumConstants the constants of the first auxiliary type when it is an enum (the generated code
     *     calls {@code values()}, where picocli would call {@code Class.getEnumConstants()} reflectively)
     */
    public static GeneratedType of(
            Class<?> type, Class<?>[] typeArguments, Class<?>[] annotationTypes, Object @Nullable [] enumConstants) {
        Class<?>[] auxiliary;
        if (annotationTypes.length > 0) {
            auxiliary = annotationTypes.clone();
        } else if (type.isArray()) {
            auxiliary = new Class<?>[] {type.getComponentType()};
        } else if (isMultiValue(type) || isOptional(type)) {
            auxiliary = typeArguments.length > 0 ? typeArguments.clone() : new Class<?>[] {String.class, String.class};
        } else {
            auxiliary = new Class<?>[] {type};
        }
        List<String> names = new ArrayList<>();
        for (Class<?> argument : typeArguments) {
            names.add(argument.getName());
        }
        return new GeneratedType(type, auxiliary, List.copyOf(names), enumConstants);
    }

    /** What picocli's {@code RuntimeTypeInfo.createForAuxType} makes of an element type. */
    private static GeneratedType auxiliary(Class<?> type) {
        Class<?>[] auxiliary;
        if (type.isArray()) {
            auxiliary = new Class<?>[] {type == char[].class ? char[].class : type.getComponentType()};
        } else if (Collection.class.isAssignableFrom(type)) {
            auxiliary = new Class<?>[] {String.class};
        } else if (Map.class.isAssignableFrom(type)) {
            auxiliary = new Class<?>[] {String.class, String.class};
        } else {
            auxiliary = new Class<?>[] {type};
        }
        return new GeneratedType(type, auxiliary, List.of(), null);
    }

    /**
     * The class named {@code binaryName} in picocli's class loader: for the private classes picocli's
     * annotations default to ({@code NoCompletionCandidates} and the like), which generated code cannot
     * name in a class literal.
     *
     * @throws IllegalStateException when there is no such class (a picocli other than the one modelled)
     */
    public static Class<?> named(String binaryName) {
        try {
            return Class.forName(binaryName, false, ITypeInfo.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(
                    binaryName + " is not in this picocli: rebuild fraisier-cli against the picocli it runs with", e);
        }
    }

    /** picocli's {@code CommandLine.isMultiValue}: {@code char[]} is a single value. */
    static boolean isMultiValue(Class<?> type) {
        return (type.isArray() && type != char[].class)
                || Collection.class.isAssignableFrom(type)
                || Map.class.isAssignableFrom(type);
    }

    private static boolean isOptional(Class<?> type) {
        return type.getName().equals("java.util.Optional");
    }

    @Override
    public boolean isBoolean() {
        return auxiliaryTypes[0] == boolean.class || auxiliaryTypes[0] == Boolean.class;
    }

    @Override
    public boolean isMultiValue() {
        return isMultiValue(type);
    }

    @Override
    public boolean isOptional() {
        return isOptional(type);
    }

    @Override
    public boolean isArray() {
        return type.isArray() && type != char[].class;
    }

    @Override
    public boolean isCollection() {
        return Collection.class.isAssignableFrom(type);
    }

    @Override
    public boolean isMap() {
        return Map.class.isAssignableFrom(type);
    }

    @Override
    public boolean isEnum() {
        return auxiliaryTypes[0].isEnum();
    }

    @Override
    public List<String> getEnumConstantNames() {
        if (!isEnum()) {
            return List.of();
        }
        Object[] constants = enumConstants != null ? enumConstants : auxiliaryTypes[0].getEnumConstants();
        List<String> names = new ArrayList<>();
        for (Object constant : constants) {
            names.add(constant.toString());
        }
        return names;
    }

    @Override
    public String getClassName() {
        return type.getName();
    }

    @Override
    public String getClassSimpleName() {
        return type.getSimpleName();
    }

    @Override
    public List<ITypeInfo> getAuxiliaryTypeInfos() {
        List<ITypeInfo> result = new ArrayList<>();
        for (Class<?> c : auxiliaryTypes) {
            result.add(auxiliary(c));
        }
        return result;
    }

    @Override
    public List<String> getActualGenericTypeArguments() {
        return typeArgumentNames;
    }

    @Override
    public Class<?> getType() {
        return type;
    }

    @Override
    public Class<?>[] getAuxiliaryTypes() {
        return auxiliaryTypes;
    }

    @Override
    public String toString() {
        return "GeneratedType(" + type.getCanonicalName() + ", aux=" + Arrays.toString(auxiliaryTypes) + ")";
    }
}
