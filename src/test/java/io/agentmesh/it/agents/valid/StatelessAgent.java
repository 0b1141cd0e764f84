package io.agentmesh.it.agents.valid;

import io.agentmesh.agents.annotations.Agent;
import io.agentmesh.agents.annotations.Tool;
import io.agentmesh.agents.annotations.ToolArg;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;

/** A stateless session bean agent; its tool reports whether the container began a transaction for it. */
@Stateless
@Agent(id = "it-stateless")
public class StatelessAgent {

    @Resource
    TransactionSynchronizationRegistry transactions;

    @Tool(name = "tx")
    public String tx(@ToolArg(name = "label") String label) {
        boolean active = transactions.getTransactionStatus() == Status.STATUS_ACTIVE;
        return label + (active ? ": in a transaction" : ": no transaction");
    }
}
