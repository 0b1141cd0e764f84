package io.agentmesh.agents;

import java.net.URI;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/** Compiles a class at test time, without {@code -parameters}, to see declarations lacking names. */
final class Compiler {

    private Compiler() {
    }

    static Class<?> compile(String className, String source) throws Exception {
        Path out = Files.createTempDirectory("agents-compiled");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        var file = new SimpleJavaFileObject(URI.create("string:///" + className.replace('.', '/') + ".java"),
                javax.tools.JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        var options = List.of("-d", out.toString(), "-classpath", System.getProperty("java.class.path"));
        if (!javac.getTask(null, null, null, options, null, List.of(file)).call()) {
            throw new IllegalStateException("compilation failed: " + className);
        }
        var loader = new URLClassLoader(new java.net.URL[] {out.toUri().toURL()}, Compiler.class.getClassLoader());
        return loader.loadClass(className);
    }
}
