package io.agentmesh.agents.samples;

import io.agentmesh.agents.AgentHost;
import io.agentmesh.agents.Elicitation;
import io.agentmesh.agents.Input;
import io.agentmesh.agents.InputRequiredException;
import io.agentmesh.agents.AgentLog;
import io.agentmesh.agents.PromptMessage;
import io.agentmesh.agents.annotations.Agent;
import io.agentmesh.agents.annotations.Complete;
import io.agentmesh.agents.annotations.Prompt;
import io.agentmesh.agents.annotations.PromptArg;
import io.agentmesh.agents.annotations.Resource;
import io.agentmesh.agents.annotations.ResourceTemplate;
import io.agentmesh.agents.annotations.Tool;
import io.agentmesh.agents.annotations.ToolArg;
import io.agentmesh.json.Json;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;

/**
 * The {@code notes} sample agent: add, list and delete notes; each note is a resource of the template
 * {@code notes://note/{id}} (with completion of note ids), the list is the resource {@code notes://all};
 * deleting asks the user to confirm (form-mode elicitation) when the client can answer such a question;
 * subscribers hear of every change; adding a note logs it (info, and its size at debug) to a client that
 * asked for log messages; a prompt summarises the notes. Notes live in {@code notes.json}
 * under {@code mesh.data-dir}. A {@code @Singleton} session bean.
 */
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
@Lock(LockType.READ)
@Agent(id = "notes", title = "Notes", description = "Keeps short notes: add, list, read and delete them.")
public class NotesAgent {

    static final String ALL_URI = "notes://all";
    static final String NOTE_TEMPLATE = "notes://note/{id}";

    /** The form that confirms a deletion: one boolean. */
    static final JsonObject CONFIRM = Json.createObjectBuilder().add("type", "object")
            .add("properties", Json.createObjectBuilder().add("confirm", Json.createObjectBuilder()
                    .add("type", "boolean").add("title", "Delete the note").add("default", false)))
            .add("required", Json.createArrayBuilder().add("confirm")).build();

    @Inject
    AgentHost host;

    @Inject
    Clock clock;

    private NoteStore store;

    public NotesAgent() {
    }

    /** A notes agent outside a container, keeping its notes in {@code store}. */
    public NotesAgent(AgentHost host, NoteStore store) {
        this.host = host;
        this.store = store;
    }

    @PostConstruct
    void open() {
        store = new NoteStore(host.settings().dataDir().resolve("notes"), clock);
    }

    @Tool(name = "add_note", description = "Adds a note and returns it. At most " + NoteStore.MAX_NOTES
            + " notes are kept, each of at most " + NoteStore.MAX_NOTE_BYTES + " bytes of title and text (UTF-8).", annotations = @Tool.Annotations(
            readOnlyHint = false, destructiveHint = false, idempotentHint = false, openWorldHint = false))
    public NoteStore.Note addNote(@ToolArg(name = "title", description = "A short title") String title,
            @ToolArg(name = "text", description = "The note") String text, AgentLog log) {
        if (title.isBlank()) {
            throw new IllegalArgumentException("title must not be blank");
        }
        NoteStore.Note note = store.add(title, text);
        log.info("added note " + note.id());
        log.debug("the note has " + text.length() + " characters");
        changed(note.id());
        return note;
    }

    @Tool(name = "list_notes", description = "Lists the notes: id and title, one per line.",
            annotations = @Tool.Annotations(readOnlyHint = true, destructiveHint = false, idempotentHint = true,
                    openWorldHint = false))
    public String listNotes() {
        return index();
    }

    @Tool(name = "delete_note", description = "Deletes a note, once the user confirms it (when the client can ask).",
            annotations = @Tool.Annotations(readOnlyHint = false, destructiveHint = true, idempotentHint = true,
                    openWorldHint = false))
    public String deleteNote(@ToolArg(name = "id", description = "The note id, like n1") String id, Input input)
            throws InputRequiredException {
        NoteStore.Note note = store.get(id).orElseThrow(() -> new NoSuchElementException("no note " + id));
        if (input.canElicit()) {
            Elicitation answer = input.elicit("confirm", "Delete note " + id + " (" + note.title() + ")?", CONFIRM);
            if (!answer.isTrue("confirm")) {
                return "kept " + id;
            }
        }
        if (!store.delete(id)) {
            throw new NoSuchElementException("no note " + id);
        }
        changed(id);
        return "deleted " + id;
    }

    @Resource(uri = ALL_URI, name = "all_notes", title = "All notes", mimeType = "text/plain",
            description = "Id and title of every note, one per line.")
    public String allNotes() {
        return index();
    }

    @ResourceTemplate(uriTemplate = NOTE_TEMPLATE, name = "note", title = "A note", mimeType = "text/markdown",
            description = "One note by id.")
    public String note(@ToolArg(name = "id") String id) {
        NoteStore.Note note = store.get(id).orElseThrow(() -> new NoSuchElementException("no note " + id));
        return "# " + note.title() + "\n\n" + note.text() + "\n";
    }

    @Complete(template = NOTE_TEMPLATE, arg = "id")
    public List<String> completeId(String prefix) {
        return store.list().stream().map(NoteStore.Note::id).filter(id -> id.startsWith(prefix)).toList();
    }

    @Prompt(name = "summarize", title = "Summarise the notes", description = "Asks for a summary of all notes.")
    public List<PromptMessage> summarize(@PromptArg(name = "style", required = false,
            description = "brief, detailed or bullets") String style) {
        String notes = store.list().stream().map(n -> "- " + n.title() + ": " + n.text())
                .collect(Collectors.joining("\n"));
        return List.of(PromptMessage.user("Summarise these notes" + (style == null ? "" : " (" + style + ")")
                + ":\n" + (notes.isEmpty() ? "(no notes)" : notes)));
    }

    @Complete(prompt = "summarize", arg = "style")
    public List<String> completeStyle(String prefix) {
        return List.of("brief", "detailed", "bullets").stream().filter(s -> s.startsWith(prefix)).toList();
    }

    private String index() {
        return store.list().stream().map(n -> n.id() + "\t" + n.title()).collect(Collectors.joining("\n"));
    }

    private void changed(String id) {
        host.resourceUpdated("notes", "notes://note/" + id);
        host.resourceUpdated("notes", ALL_URI);
    }
}
