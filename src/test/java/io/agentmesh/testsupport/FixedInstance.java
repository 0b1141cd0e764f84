package io.agentmesh.testsupport;

import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.util.TypeLiteral;
import java.lang.annotation.Annotation;
import java.util.Iterator;
import java.util.List;

/** A CDI {@link Instance} over fixed values, for beans built by hand in unit tests. */
public final class FixedInstance<T> implements Instance<T> {

    private final List<T> values;

    @SafeVarargs
    public FixedInstance(T... values) {
        this.values = List.of(values);
    }

    @Override
    public T get() {
        if (values.size() != 1) {
            throw new IllegalStateException(values.isEmpty() ? "unsatisfied" : "ambiguous");
        }
        return values.get(0);
    }

    @Override
    public Iterator<T> iterator() {
        return values.iterator();
    }

    @Override
    public boolean isUnsatisfied() {
        return values.isEmpty();
    }

    @Override
    public boolean isAmbiguous() {
        return values.size() > 1;
    }

    @Override
    public void destroy(T instance) {
    }

    @Override
    public Handle<T> getHandle() {
        T value = get();
        return new Handle<>() {
            @Override public T get() { return value; }
            @Override public Bean<T> getBean() { throw new UnsupportedOperationException("no bean behind a fixed value"); }
            @Override public void destroy() { }
            @Override public void close() { }
        };
    }

    @Override
    public Iterable<? extends Handle<T>> handles() {
        return values.isEmpty() ? List.of() : List.of(getHandle());
    }

    @Override
    public Instance<T> select(Annotation... qualifiers) {
        throw new UnsupportedOperationException("qualifiers are not supported by FixedInstance");
    }

    @Override
    public <U extends T> Instance<U> select(Class<U> subtype, Annotation... qualifiers) {
        throw new UnsupportedOperationException("subtypes are not supported by FixedInstance");
    }

    @Override
    public <U extends T> Instance<U> select(TypeLiteral<U> subtype, Annotation... qualifiers) {
        throw new UnsupportedOperationException("subtypes are not supported by FixedInstance");
    }
}
