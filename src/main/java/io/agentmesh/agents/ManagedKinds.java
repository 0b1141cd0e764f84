package io.agentmesh.agents;

import java.lang.annotation.Annotation;
import java.util.List;

/** The kinds of managed component an agent may be: EJB {@code @Singleton}/{@code @Stateless}, or {@code @ApplicationScoped}. */
final class ManagedKinds {

    private static final List<String> SUPPORTED = List.of("jakarta.ejb.Singleton", "jakarta.ejb.Stateless",
            "jakarta.enterprise.context.ApplicationScoped");

    private ManagedKinds() {
    }

    /** Whether {@code type} is an EJB session bean ({@code @Singleton} or {@code @Stateless}). */
    static boolean isEnterpriseBean(Class<?> type) {
        for (Annotation a : type.getAnnotations()) {
            if (a.annotationType().getName().startsWith("jakarta.ejb.")) {
                return true;
            }
        }
        return false;
    }

    static boolean isSupported(Class<?> type) {
        for (Annotation a : type.getAnnotations()) {
            if (SUPPORTED.contains(a.annotationType().getName())) {
                return true;
            }
        }
        return false;
    }
}
