package io.agentmesh.it.agents;

import io.agentmesh.testsupport.TestCallContext;
import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.importer.ExplodedImporter;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The WARs the Arquillian tests deploy: the project's compiled classes (its extension registration
 * included, the sample agents left out) and Bouncy Castle (the node's identity needs it at start) as
 * libraries, plus the test agents of one package.
 */
final class AgentDeployments {

    private AgentDeployments() {
    }

    static WebArchive withAgents(String name, Package agents) {
        JavaArchive main = ShrinkWrap.create(ExplodedImporter.class, "agentmesh-classes.jar")
                .importDirectory(new File("target/classes"),
                        path -> !path.get().startsWith("/io/agentmesh/agents/samples"))
                .as(JavaArchive.class)
                .addAsManifestResource(EmptyAsset.INSTANCE, "beans.xml");
        return ShrinkWrap.create(WebArchive.class, name + ".war")
                .addAsLibrary(main)
                .addAsLibrary(jarOf(org.bouncycastle.math.ec.rfc8032.Ed25519.class))
                .addPackage(TestCallContext.class.getPackage())
                .addPackage(agents)
                .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml");
    }

    /** The jar (or directory) a class was loaded from. */
    private static File jarOf(Class<?> type) {
        try {
            return new File(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException("cannot locate " + type, e);
        }
    }
}
