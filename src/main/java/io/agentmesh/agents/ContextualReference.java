package io.agentmesh.agents;

import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import java.util.function.Supplier;

/**
 * The contextual reference of an agent bean, obtained from the BeanManager at first use and kept: a
 * client proxy for {@code @ApplicationScoped} beans, a session-bean proxy for EJBs, so every call goes
 * through the container.
 */
final class ContextualReference implements Supplier<Object> {

    private final BeanManager beans;
    private final Bean<?> bean;
    private final Class<?> type;
    private volatile Object reference;

    ContextualReference(BeanManager beans, Bean<?> bean, Class<?> type) {
        this.beans = beans;
        this.bean = bean;
        this.type = type;
    }

    @Override
    public Object get() {
        Object r = reference;
        if (r == null) {
            synchronized (this) {
                r = reference;
                if (r == null) {
                    r = beans.getReference(bean, type, beans.createCreationalContext(bean));
                    reference = r;
                }
            }
        }
        return r;
    }
}
