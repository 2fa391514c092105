// Drives OmegaT 3.6 in console mode the way an editor works in its window (tests/test_omegat.py):
//   omegat --mode=console-translate --config-dir=CFG --disable-project-locking --no-team \
//          --script=tests/omegat/drive.groovy PROJECT
// OmegaT runs the script after loading the project and creating the translated documents
// (eventType COMPILE) and once more when closing it (CLOSE).  Environment:
//   BIPUB_OMEGAT_REPORT  JSON file: every segment as OmegaT shows it (before the edit)
//   BIPUB_OMEGAT_EDIT    lines "SEGMENT-ID<TAB>English": give that segment (PO msgctxt) this translation,
//                        through the same API the editor window uses (author and date set by OmegaT)
// then saves omegat/project_save.tmx and creates the translated documents in target/ again.
import groovy.json.JsonOutput
import org.omegat.core.Core
import org.omegat.core.data.PrepareTMXEntry

if (eventType.toString() != "COMPILE") return
def project = Core.getProject()
def entries = project.getAllEntries()

def report = System.getenv("BIPUB_OMEGAT_REPORT")
if (report) {
    def rows = entries.collect { e ->
        def t = project.getTranslationInfo(e)
        [id: e.getKey().path, source: e.getSrcText(), translation: t.isTranslated() ? t.translation : null,
         author: t.changer, linked: t.linked?.toString(),
         suggestion: e.getSourceTranslation(), suggestion_fuzzy: e.isSourceTranslationFuzzy()]
    }
    new File(report).setText(JsonOutput.toJson([segments: rows]), "UTF-8")
}

def edit = System.getenv("BIPUB_OMEGAT_EDIT")
if (edit) {
    edit.split("\n").each { line ->
        def (id, english) = line.split("\t", 2)
        def entry = entries.find { it.getKey().path == id }
        if (entry == null) throw new IllegalArgumentException("no segment " + id)
        def change = new PrepareTMXEntry()
        change.translation = english
        project.setTranslation(entry, change, true, null)  // OmegaT sets changer (Options > Team author) and changeDate
    }
    // RealProject.saveProject() needs the main window in 3.6; this is what it does for project_save.tmx:
    def props = project.getProjectProperties()
    project.@projectTMX.save(props, props.getProjectInternal() + "project_save.tmx", true)
    project.compileProject(".*")
}
